from __future__ import annotations

import pytest

from patentbridge.committee.demo import SEATS, seed_demo
from patentbridge.committee.models import CommitteeMember, CommitteePolicy
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_committee_is_seeded_once():
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    MembershipFactory(user=UserFactory(username="demo-ttm"), organisation=university,
                      role=Role.TECH_TRANSFER_MANAGER)
    for name, _role in SEATS:
        UserFactory(username=name)
    seed_demo(lambda line: None)
    seed_demo(lambda line: None)
    assert CommitteeMember.objects.filter(organisation=university).count() == len(SEATS)
    assert CommitteePolicy.objects.get(organisation=university).equity_needs_review


def test_without_the_demo_office_nothing_is_seeded():
    said = []
    seed_demo(said.append)
    assert not CommitteeMember.objects.exists() and said

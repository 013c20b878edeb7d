"""The demo requests are seeded through the services, and seeding again changes nothing."""

from __future__ import annotations

import pytest

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.privacy import demo
from patentbridge.privacy.models import PrivacyRequest, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    MembershipFactory(user=UserFactory(username="demo-admin"), organisation=OrganisationFactory(kind=OrgKind.AGENCY),
                      role=Role.PLATFORM_ADMIN)
    MembershipFactory(user=UserFactory(username="demo-inventor"), role=Role.INVENTOR)


def test_the_demo_has_an_answered_copy_and_an_outside_erasure_waiting(people):
    demo.seed_demo(lambda _line: None)
    states = sorted(PrivacyRequest.objects.values_list("kind", "state"))
    assert states == [("access", RequestState.DONE), ("erase", RequestState.RECEIVED)]


def test_seeding_twice_changes_nothing(people):
    demo.seed_demo(lambda _line: None)
    demo.seed_demo(lambda _line: None)
    assert PrivacyRequest.objects.count() == 2


def test_without_the_demo_accounts_nothing_is_made(db):
    lines = []
    demo.seed_demo(lines.append)
    assert not PrivacyRequest.objects.exists() and lines

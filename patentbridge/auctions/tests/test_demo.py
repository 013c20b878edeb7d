"""The demo seed: run twice on the demo accounts, it leaves one announced lot and one bidding lot with a bid."""

from __future__ import annotations

import pytest

from patentbridge.auctions.demo import seed_demo
from patentbridge.auctions.models import Bid, Lot, LotStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def _accounts():
    broker_org = OrganisationFactory(kind=OrgKind.AGENCY)
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    for name, org, role in (("demo-broker", broker_org, Role.AGENCY_BROKER), ("demo-ttm", uni,
                            Role.TECH_TRANSFER_MANAGER), ("demo-enterprise", firm, Role.SIGNATORY),
                            ("demo-admin", OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN)):
        MembershipFactory(user=UserFactory(username=name), organisation=org, role=role)
    for _ in range(2):
        PatentFactory(owner=uni)


def test_seed_demo_is_idempotent_and_leaves_an_announced_and_a_bidding_lot():
    _accounts()
    seed_demo()
    seed_demo()
    assert sorted(Lot.objects.values_list("status", flat=True)) == sorted([LotStatus.ANNOUNCED, LotStatus.BIDDING])
    assert Bid.objects.count() == 1

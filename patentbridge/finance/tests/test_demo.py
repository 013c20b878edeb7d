"""The demo disposal: the demo bank's pledge of the demo enterprise's patent, in default, agreed and waiting to be
sent; seeding twice adds nothing."""

from __future__ import annotations

import pytest

from patentbridge.finance import demo
from patentbridge.finance.models import DisposalStatus, PledgeDisposal
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights.models import Pledge


@pytest.fixture
def accounts(db):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL, city_id="440100")
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id="440100")
    MembershipFactory(user=UserFactory(username="demo-bank"), organisation=bank, role=Role.BANK_OFFICER)
    MembershipFactory(user=UserFactory(username="demo-enterprise"), organisation=firm, role=Role.SIGNATORY)
    PatentFactory(owner=firm)
    return firm


def test_the_demo_disposal_is_agreed_and_waits_to_be_sent(accounts):
    said: list[str] = []
    demo.seed_demo(said.append)
    disposal = PledgeDisposal.objects.get()
    assert (disposal.status, disposal.pledgor, disposal.bank.kind) == (DisposalStatus.AGREED, accounts,
                                                                       OrgKind.FINANCIAL)
    assert said


def test_seeding_twice_adds_nothing(accounts):
    demo.seed_demo(lambda line: None)
    demo.seed_demo(lambda line: None)
    assert (PledgeDisposal.objects.count(), Pledge.objects.count()) == (1, 1)


def test_without_the_demo_accounts_nothing_is_made(db):
    said: list[str] = []
    demo.seed_demo(said.append)
    assert not PledgeDisposal.objects.exists() and said

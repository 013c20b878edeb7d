"""Which deals count: a confirmed attribution, a university–enterprise deal of a counted kind, a party in the city,
the deal's status reached, its technology contract registered, signed (or paid) in the reward year."""

import datetime as dt

import pytest

from patentbridge.commissioners.tests.factories import enterprise
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.matchmaker_rewards.eligibility import checks
from patentbridge.matchmaker_rewards.models import AmountBasis, PartyInCity
from patentbridge.matchmaker_rewards.tests.factories import SHENZHEN, YEAR, PolicyFactory, attributed, income
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _unmet(policy, attribution, year=YEAR):
    return {check.key for check in checks(policy, attribution, year) if not check.passed}


def test_a_confirmed_university_enterprise_deal_signed_in_the_year_meets_every_rule():
    assert _unmet(PolicyFactory(), attributed()) == set()


def test_an_example_policy_takes_no_applications():
    assert _unmet(PolicyFactory(is_example=True), attributed()) == {"in_force"}


def test_a_year_outside_the_policy_is_not_covered():
    assert "year" in _unmet(PolicyFactory(first_year=2026), attributed())


def test_a_claimed_but_unconfirmed_attribution_does_not_count():
    assert _unmet(PolicyFactory(), attributed(confirmed=False)) == {"attribution"}


def test_a_deal_signed_in_another_year_does_not_count_on_the_contract_basis():
    attribution = attributed(signed=dt.datetime(YEAR - 1, 12, 30, tzinfo=dt.UTC))
    assert _unmet(PolicyFactory(), attribution) == {"timing"}


def test_a_year_without_payments_does_not_count_on_the_paid_basis():
    attribution = attributed()
    income(attribution, "5000.00", dt.date(YEAR + 1, 2, 1))
    assert _unmet(PolicyFactory(basis=AmountBasis.PAID), attribution) == {"timing"}


def test_a_deal_short_of_the_required_status_does_not_count():
    assert _unmet(PolicyFactory(min_status=DealStatus.COMPLETED), attributed()) == {"status"}


def test_a_terminated_deal_does_not_count():
    assert _unmet(PolicyFactory(), attributed(status=DealStatus.TERMINATED)) == {"status"}


def test_a_kind_left_out_by_the_policy_does_not_count():
    assert _unmet(PolicyFactory(deal_kinds=[DealKind.TRANSFER]), attributed()) == {"kind"}


def test_a_deal_between_two_enterprises_does_not_count():
    seller = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    assert _unmet(PolicyFactory(), attributed(university=seller)) == {"parties"}


def test_an_enterprise_outside_the_city_does_not_count():
    assert _unmet(PolicyFactory(), attributed(firm=enterprise(SHENZHEN))) == {"city"}


def test_the_university_in_the_city_counts_when_the_policy_says_so():
    policy = PolicyFactory(party_in_city=PartyInCity.INSTITUTION)
    assert _unmet(policy, attributed(firm=enterprise(SHENZHEN))) == set()


def test_an_unregistered_technology_contract_does_not_count_when_required():
    assert _unmet(PolicyFactory(), attributed(registered=False)) == {"contract"}


def test_registration_is_not_asked_when_the_policy_does_not_require_it():
    assert _unmet(PolicyFactory(contract_registered=False), attributed(registered=False)) == set()

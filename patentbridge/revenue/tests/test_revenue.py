import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.revenue import services
from patentbridge.revenue.models import IncomeKind, JurisdictionFloor
from patentbridge.revenue.services import ShareIn

POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50",
          "deductions": [{"name": "增值税及附加", "percent": "6"}, {"name": "评估与交易费用", "amount": "2000"}]}


@pytest.fixture
def university(db):
    org = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    services.policy_save(actor=None, organisation=org, jurisdiction=JurisdictionFloor.objects.get(code="guangdong"),
                         data=POLICY)
    return org


def test_a_policy_below_the_national_floor_is_refused(db):
    with pytest.raises(ValidationFailed) as error:
        services.policy_save(actor=None, organisation=OrganisationFactory(),
                             jurisdiction=JurisdictionFloor.objects.get(code="national"),
                             data={**POLICY, "licence_share": "45", "main_contributor_share": "40"})
    assert set(error.value.details) == {"licence_share", "main_contributor_share"}


def test_a_guangdong_policy_below_70_percent_is_flagged_not_refused(db):
    policy = services.policy_save(actor=None, organisation=OrganisationFactory(),
                                  jurisdiction=JurisdictionFloor.objects.get(code="guangdong"),
                                  data={**POLICY, "licence_share": "60"})
    assert policy.needs_review and "70" in policy.review_reason


@pytest.mark.parametrize("kind", [OrgKind.UNIVERSITY, OrgKind.INSTITUTE])
def test_art45_2_a_university_or_institute_policy_below_the_floor_is_refused(db, kind):
    with pytest.raises(ValidationFailed) as error:
        services.policy_save(actor=None, organisation=OrganisationFactory(kind=kind),
                             jurisdiction=JurisdictionFloor.objects.get(code="national"),
                             data={**POLICY, "licence_share": "45"})
    assert set(error.value.details) == {"licence_share"}


@pytest.mark.parametrize("kind", [OrgKind.SOE, OrgKind.ENTERPRISE])
def test_art44_45_an_enterprise_sets_its_own_policy_below_the_floors(db, kind):
    policy = services.policy_save(actor=None, organisation=OrganisationFactory(kind=kind),
                                  jurisdiction=JurisdictionFloor.objects.get(code="national"),
                                  data={**POLICY, "licence_share": "20", "equity_share": "10", "profit_share": "1",
                                        "main_contributor_share": "30"})
    assert policy.licence_share == Decimal("20")


def test_art44_45_an_enterprise_policy_is_not_flagged_for_the_guangdong_review(db):
    policy = services.policy_save(actor=None, organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                                  jurisdiction=JurisdictionFloor.objects.get(code="guangdong"),
                                  data={**POLICY, "licence_share": "20"})
    assert not policy.needs_review and policy.review_reason == ""


def test_net_income_and_reward_pool_worked_by_hand(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross="100000",
                                     received_on=dt.date(2026, 11, 1), description="开放许可费")
    # 100,000 − 6 % (6,000) − 2,000 = 92,000 net; 70 % of it = 64,400 to the inventors.
    assert (income.net, income.reward_pool) == (Decimal("92000.00"), Decimal("64400.00"))


def test_equity_uses_the_equity_share(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.EQUITY, gross="1000000",
                                    received_on=dt.date(2026, 11, 1), description="作价投资")
    # 1,000,000 − 60,000 − 2,000 = 938,000; 60 % = 562,800.
    assert income.reward_pool == Decimal("562800.00")


def test_an_allocation_splits_the_pool_to_the_fen_and_adds_up(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross="10000",
                                    received_on=dt.date(2026, 11, 1), description="许可费")
    # 10,000 − 600 − 2,000 = 7,400 net; 70 % = 5,180.00. 33.34 % → 1,727.01; 33.33 % → 1,726.49 twice;
    # together 5,179.99, so the largest share takes the remaining 0.01.
    shares = services.allocate(actor=None, income=income, shares=[
        ShareIn("张三", Decimal("33.34"), True), ShareIn("李四", Decimal("33.33"), True), ShareIn("王五", Decimal("33.33"))])
    assert [s.amount for s in shares] == [Decimal("1727.02"), Decimal("1726.49"), Decimal("1726.49")]
    assert sum(s.amount for s in shares) == income.reward_pool


def test_main_contributors_need_at_least_half(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross="10000",
                                    received_on=dt.date(2026, 11, 1), description="许可费")
    with pytest.raises(ValidationFailed):
        services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("40"), True),
                                                             ShareIn("李四", Decimal("60"))])


def test_shares_must_add_to_one_hundred_percent(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross="10000",
                                    received_on=dt.date(2026, 11, 1), description="许可费")
    with pytest.raises(ValidationFailed):
        services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("90"), True)])


def test_payments_never_exceed_the_share(university):
    income = services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross="10000",
                                    received_on=dt.date(2026, 11, 1), description="许可费")
    share = services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("100"), True)])[0]
    services.pay(actor=None, share=share, amount="5000", paid_on=dt.date(2026, 11, 20))
    with pytest.raises(ValidationFailed):
        services.pay(actor=None, share=share, amount="180.01", paid_on=dt.date(2026, 11, 21))
    assert services.pay(actor=None, share=share, amount="180.00", paid_on=dt.date(2026, 11, 21))


def test_income_needs_a_policy(db):
    with pytest.raises(Conflict):
        services.income_record(actor=None, organisation=OrganisationFactory(), kind=IncomeKind.LICENCE, gross="1",
                               received_on=dt.date(2026, 1, 1), description="x")

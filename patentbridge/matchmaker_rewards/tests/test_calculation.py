"""The calculation step by step in Decimal: amount × rate + fixed → cap per deal → what the beneficiary's year cap
leaves after earlier approvals → what the year's budget leaves, rounded to the fen."""

from decimal import Decimal

import pytest

from patentbridge.matchmaker_rewards.calculation import Payee, calculate
from patentbridge.matchmaker_rewards.models import AmountBasis, Beneficiary
from patentbridge.matchmaker_rewards.services import reward_apply, reward_approve
from patentbridge.matchmaker_rewards.tests.factories import YEAR, PolicyFactory, attributed, income, regulator_of

pytestmark = pytest.mark.django_db
PAYEE = Payee(commissioner_id=1, agency_id=1)


def _amounts(calculation):
    return {step.key: step.amount for step in calculation.steps}


def test_rate_and_fixed_amount_are_added():
    policy = PolicyFactory(rate=Decimal("5"), fixed_amount=Decimal("1000"))
    assert calculate(policy, Decimal("400000"), YEAR, payee=PAYEE).result == Decimal("21000.00")


def test_the_rate_step_is_rounded_to_the_fen_half_up():
    policy = PolicyFactory(rate=Decimal("0.5"))
    assert _amounts(calculate(policy, Decimal("1234.57"), YEAR, payee=PAYEE))["rate"] == Decimal("6.17")


def test_the_cap_per_deal_limits_the_reward():
    policy = PolicyFactory(deal_cap=Decimal("500000"))
    assert calculate(policy, Decimal("20000000"), YEAR, payee=PAYEE).result == Decimal("500000.00")


def test_the_beneficiary_year_cap_counts_rewards_approved_before():
    policy = PolicyFactory(beneficiary_cap=Decimal("25000"))
    first = attributed("400000.00")
    clerk = regulator_of()
    reward_approve(actor=clerk, application=reward_apply(actor=first.designation.commissioner, attribution=first,
                                                         policy=policy, year=YEAR))
    second = attributed("400000.00", designation=first.designation)
    application = reward_apply(actor=first.designation.commissioner, attribution=second, policy=policy, year=YEAR)
    assert application.calculated_amount == Decimal("5000.00")


def test_another_commissioners_approvals_leave_the_cap_whole():
    policy = PolicyFactory(beneficiary_cap=Decimal("25000"))
    first, second = attributed("400000.00"), attributed("400000.00")
    reward_approve(actor=regulator_of(), application=reward_apply(
        actor=first.designation.commissioner, attribution=first, policy=policy, year=YEAR))
    application = reward_apply(actor=second.designation.commissioner, attribution=second, policy=policy, year=YEAR)
    assert application.calculated_amount == Decimal("20000.00")


def test_an_agency_cap_counts_every_commissioner_of_the_agency():
    policy = PolicyFactory(beneficiary=Beneficiary.AGENCY, beneficiary_cap=Decimal("30000"))
    first = attributed("400000.00")
    payee = Payee(commissioner_id=0, agency_id=first.designation.organisation_id)
    reward_approve(actor=regulator_of(), application=reward_apply(
        actor=first.designation.commissioner, attribution=first, policy=policy, year=YEAR))
    assert calculate(policy, Decimal("400000"), YEAR, payee=payee).result == Decimal("10000.00")


def test_the_budget_left_limits_the_reward():
    policy = PolicyFactory(budget=Decimal("30000"))
    first, second = attributed("400000.00"), attributed("400000.00")
    reward_approve(actor=regulator_of(), application=reward_apply(
        actor=first.designation.commissioner, attribution=first, policy=policy, year=YEAR))
    application = reward_apply(actor=second.designation.commissioner, attribution=second, policy=policy, year=YEAR)
    assert application.calculated_amount == Decimal("10000.00")


def test_the_paid_basis_counts_incomes_of_the_year_only():
    import datetime as dt

    policy = PolicyFactory(basis=AmountBasis.PAID)
    attribution = attributed("400000.00")
    income(attribution, "100000.00", dt.date(YEAR, 5, 1))
    income(attribution, "60000.00", dt.date(YEAR, 11, 1))
    income(attribution, "90000.00", dt.date(YEAR + 1, 1, 5))
    application = reward_apply(actor=attribution.designation.commissioner, attribution=attribution, policy=policy,
                               year=YEAR)
    assert (application.basis_amount, application.calculated_amount) == (Decimal("160000.00"), Decimal("8000.00"))


def test_every_step_is_kept_with_its_words():
    policy = PolicyFactory(deal_cap=Decimal("10000"))
    keys = [step.key for step in calculate(policy, Decimal("400000"), YEAR, payee=PAYEE).steps]
    assert keys == ["basis", "rate", "fixed", "deal_cap", "beneficiary_cap", "budget", "result"]

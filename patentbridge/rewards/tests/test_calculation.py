"""The reward's calculation step by step: rate, fixed amount, the caps, the budget, rounding to the fen."""

from decimal import Decimal

import pytest
from django.utils import translation

from patentbridge.orgs.tests.factories import signer_of
from patentbridge.rewards.calculation import calculate
from patentbridge.rewards.models import ApplicationStatus
from patentbridge.rewards.services import reward_apply, reward_approve
from patentbridge.rewards.tests.factories import (
    YEAR,
    PolicyFactory,
    ProductYearFactory,
    filed_product_with_sales,
    regulator,
)

pytestmark = pytest.mark.django_db


def _result(policy, data):
    return calculate(policy, data, enterprise_id=data.product.filer_id).result


def test_rate_is_a_percentage_of_the_years_sales():
    data = filed_product_with_sales("1000000.00")
    assert _result(PolicyFactory(rate=Decimal("1.5")), data) == Decimal("15000.00")


def test_fractions_of_a_fen_round_half_up():
    data = filed_product_with_sales("0.50")
    assert _result(PolicyFactory(rate=Decimal("1")), data) == Decimal("0.01")  # 0.005 → 0.01


def test_fixed_amount_is_added_to_the_share_of_sales():
    data = filed_product_with_sales("200000.00")
    assert _result(PolicyFactory(rate=Decimal("2"), fixed_amount=Decimal("10000")), data) == Decimal("14000.00")


def test_product_cap_limits_the_reward():
    data = filed_product_with_sales("10000000.00")
    assert _result(PolicyFactory(rate=Decimal("5"), product_cap=Decimal("300000")), data) == Decimal("300000.00")


def test_enterprise_cap_counts_what_the_enterprise_already_holds_for_the_year():
    policy = PolicyFactory(rate=Decimal("10"), enterprise_cap=Decimal("150000"))
    first = filed_product_with_sales("1000000.00")
    second = ProductYearFactory(product__filer=first.product.filer, year=YEAR, sales=Decimal("1000000.00"))
    signer, clerk = signer_of(first.product.filer), regulator()
    reward_approve(actor=clerk, application=reward_apply(actor=signer, product=first.product, policy=policy, year=YEAR))
    steps = calculate(policy, second, enterprise_id=first.product.filer_id).steps
    assert [s.amount for s in steps if s.key == "enterprise_cap"] == [Decimal("50000.00")]


def test_budget_left_limits_the_reward():
    policy = PolicyFactory(rate=Decimal("10"), budget=Decimal("120000"))
    first, second = filed_product_with_sales("1000000.00"), filed_product_with_sales("1000000.00")
    reward_approve(actor=regulator(), application=reward_apply(actor=signer_of(first.product.filer),
                                                               product=first.product, policy=policy, year=YEAR))
    assert _result(policy, second) == Decimal("20000.00")


def test_pending_applications_do_not_use_up_the_budget():
    policy = PolicyFactory(rate=Decimal("10"), budget=Decimal("120000"))
    first, second = filed_product_with_sales("1000000.00"), filed_product_with_sales("1000000.00")
    application = reward_apply(actor=signer_of(first.product.filer), product=first.product, policy=policy, year=YEAR)
    assert application.status == ApplicationStatus.APPLIED
    assert _result(policy, second) == Decimal("100000.00")


def test_steps_read_in_order_from_sales_to_result():
    data = filed_product_with_sales("1000000.00")
    steps = calculate(PolicyFactory(), data, enterprise_id=data.product.filer_id).steps
    assert [s.key for s in steps] == ["basis", "rate", "fixed", "product_cap", "enterprise_cap", "budget", "result"]


def test_step_text_names_the_figures():
    data = filed_product_with_sales("1000000.00")
    steps = calculate(PolicyFactory(product_cap=Decimal("8000")), data, enterprise_id=data.product.filer_id).steps
    with translation.override("en"):
        assert [s.text() for s in steps if s.key == "product_cap"] == ["capped at 8,000.00 per product"]

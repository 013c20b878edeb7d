"""Applications refused, with the reason, when the product does not meet the policy's rules."""

from decimal import Decimal

import pytest
from django.utils import translation

from patentbridge.core.errors import ValidationFailed
from patentbridge.orgs.models import SizeClass
from patentbridge.orgs.tests.factories import signer_of
from patentbridge.products.models import ProductStatus
from patentbridge.recognition.models import RecognitionStatus
from patentbridge.rewards.models import RewardBasis
from patentbridge.rewards.services import reward_apply
from patentbridge.rewards.tests.factories import (
    SHENZHEN,
    YEAR,
    PolicyFactory,
    ProductFactory,
    ProductYearFactory,
    enterprise,
    filed_product_with_sales,
    recognised,
)

pytestmark = pytest.mark.django_db


def _refusal(policy, product, year=YEAR) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        reward_apply(actor=signer_of(product.filer), product=product, policy=policy, year=year)
    assert refused.value.code == "not_eligible"
    return refused.value.details["rules"]


def test_a_filer_registered_in_another_city_is_refused():
    data = filed_product_with_sales(filer=enterprise(SHENZHEN))
    assert _refusal(PolicyFactory(), data.product) == ["The filer is registered in Guangzhou"]


def test_a_product_not_filed_is_refused():
    data = filed_product_with_sales(status=ProductStatus.SUBMITTED, filing_number=None, filed_on=None)
    assert _refusal(PolicyFactory(), data.product) == [f"The product is filed (by the end of {YEAR})"]


def test_a_product_filed_after_the_year_is_refused():
    data = filed_product_with_sales(filed_on="2026-02-01")
    assert _refusal(PolicyFactory(), data.product) == [f"The product is filed (by the end of {YEAR})"]


def test_a_product_without_the_years_sales_is_refused():
    product = ProductFactory()
    assert _refusal(PolicyFactory(), product) == [f"Sales of {YEAR} reported"]


def test_data_reported_late_are_refused_when_the_policy_asks_for_on_time():
    data = ProductYearFactory(on_time=False)
    assert _refusal(PolicyFactory(), data.product) == ["The yearly data were reported on time"]


def test_data_reported_late_pass_when_the_policy_does_not_ask():
    data = ProductYearFactory(on_time=False)
    application = reward_apply(actor=signer_of(data.product.filer), product=data.product,
                               policy=PolicyFactory(on_time_only=False), year=YEAR)
    assert application.calculated_amount == Decimal("15000.00")


def test_sales_below_the_minimum_are_refused():
    data = filed_product_with_sales("999999.99")
    assert _refusal(PolicyFactory(min_sales=Decimal("1000000")), data.product) == ["Sales of at least 1,000,000.00"]


def test_an_enterprise_of_a_size_not_allowed_is_refused():
    data = filed_product_with_sales(filer=enterprise(size=SizeClass.LARGE))
    policy = PolicyFactory(size_classes=[SizeClass.SMALL, SizeClass.MICRO])
    assert _refusal(policy, data.product) == ["The enterprise's size is one of: Small、Micro"]


def test_a_year_the_policy_does_not_cover_is_refused():
    data = filed_product_with_sales()
    assert _refusal(PolicyFactory(first_year=YEAR + 1), data.product) == [f"The policy covers {YEAR}"]


def test_an_example_policy_takes_no_applications():
    data = filed_product_with_sales()
    assert _refusal(PolicyFactory(is_example=True), data.product) == ["The policy is in force (not an example)"]


def test_a_recognised_basis_needs_the_years_recognition():
    data = filed_product_with_sales()
    policy = PolicyFactory(basis=RewardBasis.RECOGNISED)
    assert _refusal(policy, data.product) == [f"The product is recognised as patent-intensive for {YEAR}"]


def test_a_recognised_product_is_rewarded_on_the_recognised_basis():
    data = filed_product_with_sales()
    recognised(data.product)
    application = reward_apply(actor=signer_of(data.product.filer), product=data.product,
                               policy=PolicyFactory(basis=RewardBasis.RECOGNISED), year=YEAR)
    assert application.basis == RewardBasis.RECOGNISED


def test_a_product_recognised_before_is_refused_a_first_time_reward():
    data = filed_product_with_sales()
    recognised(data.product, year=YEAR - 1)
    recognised(data.product, year=YEAR)
    policy = PolicyFactory(basis=RewardBasis.FIRST_RECOGNITION, rate=Decimal("0"), fixed_amount=Decimal("10000"))
    assert _refusal(policy, data.product) == [f"The product is recognised for the first time for {YEAR}"]


def test_a_refused_recognition_does_not_count_as_an_earlier_one():
    data = filed_product_with_sales()
    recognised(data.product, year=YEAR - 1, status=RecognitionStatus.REFUSED)
    recognised(data.product, year=YEAR)
    policy = PolicyFactory(basis=RewardBasis.FIRST_RECOGNITION, rate=Decimal("0"), fixed_amount=Decimal("10000"))
    application = reward_apply(actor=signer_of(data.product.filer), product=data.product, policy=policy, year=YEAR)
    assert application.calculated_amount == Decimal("10000.00")


def test_a_spent_budget_refuses_the_application_with_the_steps():
    data = filed_product_with_sales()
    with pytest.raises(ValidationFailed) as refused:
        reward_apply(actor=signer_of(data.product.filer), product=data.product,
                     policy=PolicyFactory(budget=Decimal("0")), year=YEAR)
    assert refused.value.code == "nothing_to_award"

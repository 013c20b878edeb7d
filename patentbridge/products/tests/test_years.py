"""The yearly (first-quarter) update, the flag for implausible sales, and recognition eligibility."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.products import services
from patentbridge.products.models import ProductStatus
from patentbridge.products.selectors import recognition_eligibility, review_queue
from patentbridge.products.tests.factories import clerk, enterprise, filer_user, product_factory, year_figures

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def product():
    return product_factory(filer=enterprise(), year_data={2024: {"sales": 1000000}})


def _report(product, year=2025, on=dt.date(2026, 2, 15), actor=None, **figures):
    return services.year_report(actor=actor or filer_user(product.filer), product=product, year=year,
                                data=year_figures(**({"sales": 1200000} | figures)), now=_at(on))


def test_a_report_in_the_first_quarter_is_on_time(product):
    assert _report(product, on=dt.date(2026, 3, 31)).on_time


def test_a_report_after_march_is_kept_but_late(product):
    row = _report(product, on=dt.date(2026, 4, 1))
    assert row.pk and not row.on_time


def test_the_window_is_configurable(product, settings):
    settings.PRODUCT_UPDATE_WINDOW = ((1, 1), (4, 30))
    assert _report(product, on=dt.date(2026, 4, 15)).on_time


@pytest.mark.parametrize("figures,field", [({"sales": "-1"}, "sales"), ({"sales": "十万"}, "sales"),
                                           ({"output": "1e400"}, "output")])
def test_bad_figures_are_refused_with_a_field_error(product, figures, field):
    with pytest.raises(ValidationFailed) as caught:
        _report(product, **figures)
    assert field in caught.value.details and not product.years.filter(year=2025).exists()


def test_sales_over_a_hundred_times_the_year_before_are_kept_and_flagged(product):
    row = _report(product, sales=100000001)
    assert row.needs_review and "100" in row.review_reason
    assert product in review_queue()


def test_sales_of_exactly_a_hundred_times_are_not_flagged(product):
    assert not _report(product, sales=100000000).needs_review


def test_the_jump_factor_is_configurable(product, settings):
    settings.PRODUCT_SALES_JUMP_FACTOR = 10
    assert _report(product, sales=10000001).needs_review


def test_the_clerk_confirms_flagged_figures_and_the_queue_lets_go(product):
    row = _report(product, sales=200000000)
    services.year_confirm(actor=clerk(), row=row, note="已核实合同")
    row.refresh_from_db()
    assert not row.needs_review and row.review_reason and product not in review_queue()


def test_the_filer_cannot_confirm_their_own_flag(product):
    row = _report(product, sales=200000000)
    with pytest.raises(PermissionDenied):
        services.year_confirm(actor=filer_user(product.filer), row=row, note="没问题")


def test_a_year_is_reported_once(product):
    _report(product)
    with pytest.raises(Conflict):
        _report(product)


def test_the_current_year_cannot_be_reported(product):
    with pytest.raises(ValidationFailed):
        _report(product, year=2026)


def test_only_a_filed_product_reports(product):
    product.status = ProductStatus.SUBMITTED
    product.filing_number = product.filed_on = None
    product.save()
    with pytest.raises(Conflict):
        _report(product)


def test_another_organisation_cannot_report_for_the_product(product):
    with pytest.raises(PermissionDenied):
        _report(product, actor=filer_user(enterprise()))


def test_eligible_with_on_time_data_for_the_year_before(product):
    _report(product)
    assert recognition_eligibility(product, 2026) == (True, [])


def test_late_data_keep_the_product_out_of_that_years_recognition(product):
    _report(product, on=dt.date(2026, 5, 1))
    eligible, reasons = recognition_eligibility(product, 2026)
    assert not eligible and "更新截止日" in reasons[0]


def test_missing_data_keep_the_product_out(product):
    eligible, reasons = recognition_eligibility(product, 2026)
    assert not eligible and "2025" in reasons[0]


def test_flagged_data_keep_the_product_out_until_confirmed(product):
    _report(product, sales=500000000)
    assert not recognition_eligibility(product, 2026)[0]


def test_data_given_with_the_filing_count_as_on_time():
    product = product_factory(year_data={2025: {"sales": 5000}})
    assert recognition_eligibility(product, 2026)[0]


def test_a_product_whose_patents_all_lapsed_is_not_eligible():
    product = product_factory(year_data={2025: {}})
    Patent.objects.filter(product_links__product=product).update(legal_status=LegalStatus.EXPIRED)
    eligible, reasons = recognition_eligibility(product, 2026)
    assert not eligible and len(reasons) == 1


@pytest.mark.parametrize("status", [ProductStatus.SUBMITTED, ProductStatus.REVOKED, ProductStatus.REFUSED])
def test_only_filed_products_are_eligible(status):
    product = product_factory(status=status, year_data={2025: {}})
    assert not recognition_eligibility(product, 2026)[0]


def test_amounts_are_decimals(product):
    row = _report(product, sales="1234567.891")
    assert row.sales == Decimal("1234567.89")

"""The criteria: shipped without thresholds, edited only by the platform admin, and never turned into an automatic
"likely to qualify" while a threshold is missing."""

from decimal import Decimal

import pytest

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.recognition import assessment, services
from patentbridge.recognition.models import Criterion, Indicator, Standard
from patentbridge.recognition.tests.factories import (
    ProductFactory,
    ProductYearFactory,
    filer_user,
    link,
    platform_admin,
    regulator,
)

pytestmark = pytest.mark.django_db
GB = Standard.GB_T_46961_2025


def _assess(product=None):
    product = product or ProductFactory()
    data = ProductYearFactory(product=product)
    return assessment.assess(product, data, Criterion.objects.all())


def _set(indicator: str, threshold: str | None, **kwargs) -> None:
    Criterion.objects.filter(standard=GB, indicator=indicator, category="").update(
        threshold=None if threshold is None else Decimal(threshold), **kwargs)


def _set_all(share: str = "50", sales: str = "500000", inventions: str = "1", ratio: str = "3") -> None:
    for indicator, value in ((Indicator.PATENT_SHARE, share), (Indicator.SALES, sales),
                             (Indicator.INVENTION_PATENTS, inventions), (Indicator.IP_INPUT_RATIO, ratio)):
        _set(indicator, value)


def test_the_shipped_indicators_have_no_threshold():
    assert Criterion.objects.count() == 8 and not Criterion.objects.filter(threshold__isnull=False).exists()


def test_only_the_national_standard_is_active_as_shipped():
    assert set(Criterion.objects.filter(active=True).values_list("standard", flat=True)) == {GB}


def test_without_thresholds_each_figure_shows_no_threshold_set():
    rows = _assess()
    assert {row["result"] for row in rows} == {assessment.Result.NO_THRESHOLD} and rows[0]["figure"] is not None


def test_without_thresholds_the_verdict_is_the_reviewers():
    assert assessment.verdict(_assess()) == assessment.Verdict.REVIEWER_DECIDES


def test_one_missing_threshold_is_enough_to_withhold_a_verdict():
    _set_all()
    _set(Indicator.SALES, None)
    product = ProductFactory()
    link(product)
    assert assessment.verdict(_assess(product)) == assessment.Verdict.REVIEWER_DECIDES


def test_every_threshold_met_is_said_so():
    _set_all()
    product = ProductFactory()
    link(product)
    assert assessment.verdict(_assess(product)) == assessment.Verdict.MEETS_ALL


def test_a_figure_below_its_threshold_falls_short():
    _set_all(share="70")
    product = ProductFactory()
    link(product)
    assert assessment.verdict(_assess(product)) == assessment.Verdict.FALLS_SHORT


def test_the_ip_input_ratio_is_a_percentage_of_sales():
    assert assessment.figure(Indicator.IP_INPUT_RATIO, ProductFactory(),
                             ProductYearFactory.build(sales=Decimal("200"), ip_input=Decimal("7"))) == Decimal("3.50")


def test_a_category_row_replaces_the_general_row_of_its_indicator():
    _set(Indicator.PATENT_SHARE, "50")
    Criterion.objects.create(standard=GB, indicator=Indicator.PATENT_SHARE, category="医疗器械",
                             threshold=Decimal("80"), unit="%")
    rows = _assess(ProductFactory(category="医疗器械"))
    assert [r["threshold"] for r in rows if r["indicator"] == Indicator.PATENT_SHARE] == ["80.0000"]


def test_an_inactive_criterion_is_not_applied():
    Criterion.objects.filter(standard=GB).update(active=False)
    assert assessment.verdict(_assess()) == assessment.Verdict.NO_CRITERIA


def test_the_platform_admin_sets_a_threshold():
    criterion = Criterion.objects.filter(standard=GB).first()
    criterion.threshold = Decimal("30")
    admin = platform_admin()
    services.criterion_save(actor=admin, criterion=criterion)
    assert Criterion.objects.get(pk=criterion.pk).updated_by == admin


def test_a_regulator_cannot_edit_the_criteria():
    with pytest.raises(PermissionDenied):
        services.criterion_save(actor=regulator(), criterion=Criterion.objects.first())


def test_an_enterprise_cannot_edit_the_criteria():
    with pytest.raises(PermissionDenied):
        services.criterion_save(actor=filer_user(ProductFactory()), criterion=Criterion.objects.first())


def test_a_negative_threshold_is_refused():
    criterion = Criterion.objects.first()
    criterion.threshold = Decimal("-1")
    with pytest.raises(ValidationFailed):
        services.criterion_save(actor=platform_admin(), criterion=criterion)


def test_the_notice_period_is_set_by_the_admin_within_bounds():
    with pytest.raises(ValidationFailed):
        services.notice_days_set(actor=platform_admin(), days=0)


def test_a_regulator_cannot_set_the_notice_period():
    with pytest.raises(PermissionDenied):
        services.notice_days_set(actor=regulator(), days=10)


def test_figures_are_shown_grouped_without_trailing_zeros():
    assert [assessment.grouped(v) for v in ("32000000.00", "62.50", None)] == ["32,000,000", "62.5", "—"]

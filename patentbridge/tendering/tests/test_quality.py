"""An agency's quality figures, checked against values worked out by hand.

`data/agency_rows.csv` holds 48 real rows copied unchanged (abstracts and vendor columns left out) from
data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz (Patentics export 中科创达-中国申请库, see its
SOURCE.md): every row whose `agency_agent` names 北京华夏正合知识产权代理事务所(普通合伙) or 北京天奇智新知识产权代理有限公司.
Counted by hand from the file:
- 华夏正合: 27 invention publications (17 有效 = granted, 10 驳回 = rejected) and 2 utility models.
- 天奇智新: 12 invention publications (11 有效, 1 驳回) and 7 utility models; 9 rows write the firm with its agency
  code (北京天奇智新知识产权代理有限公司11340).
The rows carry no grant dates, claim counts or legal events.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import LegalEvent, LegalStatus, Patent, PatentType
from patentbridge.patents.tests.factories import PatentFactory, application_number
from patentbridge.tendering.quality import agency_quality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The notes are compared as written in the code (their msgids); the pages show them translated."""
    with translation.override("en"):
        yield


ROWS = Path(__file__).parent / "data" / "agency_rows.csv"
HUAXIA = "北京华夏正合知识产权代理事务所(普通合伙)"
TIANQI = "北京天奇智新知识产权代理有限公司"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def real_rows():
    import_file(ROWS)


def test_importer_fills_the_agency_from_the_export_column(real_rows):
    assert Patent.objects.get(publication_number="CN106034254A").agency == HUAXIA


def test_importer_drops_the_agency_code_and_the_agent(real_rows):
    assert Patent.objects.filter(agency=TIANQI).count() == 19


def test_grant_rate_by_hand_on_real_rows(real_rows):
    figure = agency_quality(HUAXIA, today=TODAY).figure("grant_rate")
    assert (figure.numerator, figure.denominator, figure.value) == (17, 27, Decimal("62.96"))


def test_grant_rate_counts_invention_applications_only(real_rows):
    assert agency_quality(TIANQI, today=TODAY).figure("grant_rate").denominator == 12


def test_second_agency_grant_rate_by_hand(real_rows):
    assert agency_quality(TIANQI, today=TODAY).figure("grant_rate").value == Decimal("91.67")


def test_real_rows_without_grant_dates_give_no_time_to_grant(real_rows):
    figure = agency_quality(HUAXIA, today=TODAY).figure("time_to_grant")
    assert (figure.value, figure.denominator, str(figure.note)) == (None, 0, "no grant dates in the register")


def test_claims_count_is_said_to_be_missing_from_the_register(real_rows):
    assert str(agency_quality(HUAXIA, today=TODAY).figure("claims").note) == "not in the register"


def test_no_invalidations_among_the_granted_real_rows(real_rows):
    figure = agency_quality(HUAXIA, today=TODAY).figure("invalidated")
    assert (figure.numerator, figure.denominator, figure.value) == (0, 17, Decimal("0.00"))


def test_quality_score_by_hand_on_real_rows(real_rows):
    # (60 × 62.96 + 20 × (100 − 0)) ÷ 80; the lapse share has no denominator and is left out.
    assert agency_quality(HUAXIA, today=TODAY).score == Decimal("72.22")


def test_too_few_decided_applications_are_not_judged(real_rows, settings):
    settings.TENDER_MIN_DECIDED = 13
    quality = agency_quality(TIANQI, today=TODAY)
    assert (quality.judged, quality.score, str(quality.figure("grant_rate").note)) == (False, None, "too few to judge")


def _granted(agency: str, filed: dt.date, granted: dt.date, **kwargs) -> Patent:
    return PatentFactory(agency=agency, application_date=filed, grant_date=granted, **kwargs)


def test_median_time_to_grant_in_days(settings):
    settings.TENDER_MIN_DECIDED = 1
    for days in (400, 500, 900):
        _granted("甲代理", dt.date(2018, 1, 1), dt.date(2018, 1, 1) + dt.timedelta(days=days))
    figure = agency_quality("甲代理", today=TODAY).figure("time_to_grant")
    assert (figure.value, figure.denominator) == (Decimal("500"), 3)


def test_lapse_within_three_years_of_grant_counts(settings):
    settings.TENDER_MIN_DECIDED = 1
    early = _granted("乙代理", dt.date(2017, 1, 1), dt.date(2019, 1, 1), legal_status=LegalStatus.LAPSED_FEES)
    LegalEvent.objects.create(patent=early, date=dt.date(2021, 6, 1), description="专利权终止（未缴年费）")
    _granted("乙代理", dt.date(2017, 1, 1), dt.date(2019, 1, 1))
    figure = agency_quality("乙代理", today=TODAY).figure("lapsed_3y")
    assert (figure.numerator, figure.denominator) == (1, 2)


def test_lapse_after_three_years_does_not_count(settings):
    settings.TENDER_MIN_DECIDED = 1
    late = _granted("丙代理", dt.date(2015, 1, 1), dt.date(2016, 1, 1), legal_status=LegalStatus.LAPSED_FEES)
    LegalEvent.objects.create(patent=late, date=dt.date(2020, 1, 1), description="失效")
    assert agency_quality("丙代理", today=TODAY).figure("lapsed_3y").numerator == 0


def test_patents_granted_under_three_years_ago_are_not_in_the_lapse_denominator(settings):
    settings.TENDER_MIN_DECIDED = 1
    _granted("丁代理", dt.date(2023, 1, 1), dt.date(2025, 1, 1))
    assert agency_quality("丁代理", today=TODAY).figure("lapsed_3y").denominator == 0


def test_invalidation_counts_from_status_or_legal_event(settings):
    settings.TENDER_MIN_DECIDED = 1
    _granted("戊代理", dt.date(2017, 1, 1), dt.date(2019, 1, 1), legal_status=LegalStatus.INVALIDATED)
    event = _granted("戊代理", dt.date(2017, 1, 1), dt.date(2019, 1, 1))
    LegalEvent.objects.create(patent=event, date=dt.date(2020, 1, 1), description="专利权全部无效")
    _granted("戊代理", dt.date(2017, 1, 1), dt.date(2019, 1, 1))
    figure = agency_quality("戊代理", today=TODAY).figure("invalidated")
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_lapsed_application_without_proof_of_grant_is_not_decided(settings):
    settings.TENDER_MIN_DECIDED = 1
    PatentFactory(agency="己代理", legal_status=LegalStatus.LAPSED)
    PatentFactory(agency="己代理", legal_status=LegalStatus.REJECTED)
    assert agency_quality("己代理", today=TODAY).decided == 1


def test_utility_models_are_left_out(settings):
    PatentFactory(agency="庚代理", patent_type=PatentType.UTILITY_MODEL, application_number=application_number(9, 2021, "2"))
    assert agency_quality("庚代理", today=TODAY).applications == 0

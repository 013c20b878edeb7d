"""Licence + transfer recordations per year: the platform's records, a base year the regulator enters where the
platform holds none, the compound growth to the last complete year, and the running year only to date."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.kpi.models import RecordationBaseline
from patentbridge.kpi.programme import Period
from patentbridge.kpi.selectors import recordation_figures
from patentbridge.kpi.services import baseline_enter
from patentbridge.kpi.tests.factories import outside, recordation, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.recordation.models import RecordationKind, RecordationStatus

TODAY = dt.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def regulator(make_member):
    return make_member(Role.REGULATOR, OrgKind.REGULATOR)[0]


def per_year(today=TODAY, city=None):
    return {r["year"]: r for r in recordation_figures(Period(today), city)["per_year"]}


def test_licences_and_transfers_count_by_the_year_they_were_recorded():
    licensor = university()
    recordation(licensor, dt.date(2024, 3, 1))
    recordation(licensor, dt.date(2024, 12, 31), RecordationKind.TRANSFER)
    recordation(licensor, dt.date(2025, 1, 1))
    rows = per_year()
    assert [(rows[y]["licences"], rows[y]["transfers"]) for y in (2024, 2025)] == [(1, 1), (1, 0)]


def test_a_draft_recordation_does_not_count():
    recordation(university(), dt.date(2024, 3, 1), status=RecordationStatus.DRAFT)
    assert per_year()[2024]["total"] == 0


def test_a_licensor_outside_guangdong_does_not_count():
    recordation(outside(OrgKind.UNIVERSITY), dt.date(2024, 3, 1))
    assert per_year()[2024]["total"] == 0


def test_without_a_figure_for_the_base_year_the_growth_is_not_measurable():
    recordation(university(), dt.date(2024, 3, 1))
    figures = recordation_figures(Period(TODAY))
    assert (per_year()[2023]["source"], figures["average_growth"], figures["met"]) == ("missing", None, None)


def test_an_entered_base_year_is_used_where_the_platform_holds_no_records(regulator):
    baseline_enter(actor=regulator, year=2023, licences=80, transfers=20, source="省知识产权局统计年报 2023")
    row = per_year()[2023]
    assert (row["total"], row["source"], row["entered_source"]) == (100, "entered", "省知识产权局统计年报 2023")


def test_the_growth_is_compound_from_the_base_year_to_the_last_complete_year(regulator):
    baseline_enter(actor=regulator, year=2023, licences=1, transfers=0, source="年报")
    licensor = university()
    for on in [dt.date(2025, 5, 1)] * 4:
        recordation(licensor, on)
    figures = recordation_figures(Period(dt.date(2026, 3, 1)))
    assert (figures["last_year"], figures["average_growth"], figures["met"]) == (2025, Decimal("100.0"), True)


def test_the_platforms_records_win_over_an_entered_figure_for_the_same_year(regulator):
    RecordationBaseline.objects.create(year=2023, licences=80, transfers=20, source="年报", entered_by=regulator)
    recordation(university(), dt.date(2023, 5, 1))
    row = per_year()[2023]
    assert (row["total"], row["source"]) == (1, "platform")


def test_no_figure_can_be_entered_for_a_year_the_platform_holds_records_of(regulator):
    recordation(university(), dt.date(2023, 5, 1))
    with pytest.raises(Conflict):
        baseline_enter(actor=regulator, year=2023, licences=80, transfers=20, source="年报")


def test_entering_again_corrects_the_figure_and_the_audit_trail_keeps_both(regulator):
    baseline_enter(actor=regulator, year=2023, licences=80, transfers=20, source="年报")
    baseline = baseline_enter(actor=regulator, year=2023, licences=81, transfers=20, source="年报（更正）")
    assert RecordationBaseline.objects.count() == 1
    entries = LogEntry.objects.get_for_object(baseline)
    assert entries.count() == 2 and entries.first().actor == regulator


@pytest.mark.parametrize("fields", [{"year": 2031}, {"licences": -1}, {"source": " "}, {"city": "999999"}])
def test_a_baseline_that_makes_no_sense_is_refused(regulator, fields):
    with pytest.raises(ValidationFailed):
        baseline_enter(actor=regulator, **{"year": 2023, "licences": 1, "transfers": 1, "source": "年报", **fields})
    assert not RecordationBaseline.objects.exists()


@pytest.mark.parametrize("role,kind", [(Role.PLATFORM_ADMIN, OrgKind.AGENCY), (Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)])
def test_only_a_regulator_enters_a_baseline(make_member, role, kind):
    with pytest.raises(PermissionDenied):
        baseline_enter(actor=make_member(role, kind)[0], year=2023, licences=1, transfers=1, source="年报")


def test_the_running_year_is_compared_with_the_same_days_of_last_year_not_the_whole_year():
    licensor = university()
    recordation(licensor, dt.date(2025, 3, 1))  # within 1 January – 30 June 2025
    for on in (dt.date(2025, 9, 1), dt.date(2025, 10, 1), dt.date(2025, 11, 1)):  # after the same days
        recordation(licensor, on)
    recordation(licensor, dt.date(2026, 2, 1))
    recordation(licensor, dt.date(2026, 5, 1))
    ytd = recordation_figures(Period(TODAY))["year_to_date"]
    assert (ytd["total"], ytd["last_year_total"], ytd["growth_percent"]) == (2, 1, Decimal("100.0"))


def test_the_running_years_row_shows_no_growth_against_the_whole_of_last_year():
    licensor = university()
    recordation(licensor, dt.date(2025, 3, 1))
    recordation(licensor, dt.date(2026, 2, 1))
    row = per_year()[2026]
    assert (row["partial"], row["growth_percent"]) == (True, None)


def test_a_complete_year_shows_its_growth_on_the_year_before():
    licensor = university()
    recordation(licensor, dt.date(2024, 3, 1))
    recordation(licensor, dt.date(2025, 3, 1))
    recordation(licensor, dt.date(2025, 4, 1))
    assert per_year()[2025]["growth_percent"] == Decimal("100.0")


def test_the_same_day_last_year_of_29_february_is_28_february():
    from patentbridge.kpi.programme import same_day_a_year_before

    assert same_day_a_year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)

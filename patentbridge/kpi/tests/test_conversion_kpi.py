"""The conversion rate of universities and research institutes (SOEs apart): invention patents converted in the
year while valid ÷ invention patents valid on 1 January, per institution, per city and per year."""

import datetime as dt

import pytest

from patentbridge.kpi.selectors import conversion_base, conversion_figures, conversion_rows, ends_right
from patentbridge.kpi.tests.factories import converted, invention, university
from patentbridge.licensing.models import LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.models import OrgKind
from patentbridge.patents.models import LegalEvent, LegalStatus, PatentType

TODAY = dt.date(2026, 11, 30)
pytestmark = pytest.mark.django_db


def rate(year=2025, city=None, group="institutes"):
    figure = conversion_figures(year, TODAY, city=city)["groups"][group]
    return figure["converted"], figure["valid"]


def test_the_rate_is_patents_converted_in_the_year_over_those_valid_on_1_january():
    owner = university()
    patents = [invention(owner) for _ in range(4)]
    converted(patents[0], owner, dt.date(2025, 5, 1))
    converted(patents[1], owner, dt.date(2024, 5, 1))  # another year's conversion
    assert rate() == (1, 4)


def test_a_patent_granted_during_the_year_is_in_neither_side():
    owner = university()
    invention(owner)
    converted(invention(owner, granted=dt.date(2025, 3, 1)), owner, dt.date(2025, 5, 1))
    assert rate() == (0, 1)


def test_a_patent_that_expired_before_1_january_is_not_valid():
    owner = university()
    invention(owner)
    invention(owner, application_date=dt.date(2004, 6, 1), granted=dt.date(2008, 1, 1))  # term ended 2024-05-31
    assert rate() == (0, 1)


def test_a_patent_that_expired_before_its_conversion_is_not_counted_as_converted():
    owner = university()
    old = invention(owner, application_date=dt.date(2005, 3, 1), granted=dt.date(2008, 1, 1))  # ends 2025-02-28
    converted(old, owner, dt.date(2025, 6, 1))
    rows = conversion_rows(conversion_base(), 2025, TODAY)
    assert rate() == (0, 1)
    assert [(r["counted"], r["not_counted_because"]) for r in rows] == [(False, "ended_before_conversion")]


def test_a_patent_converted_on_its_last_day_counts():
    owner = university()
    old = invention(owner, application_date=dt.date(2005, 3, 1), granted=dt.date(2008, 1, 1))
    converted(old, owner, dt.date(2025, 2, 28))
    assert rate() == (1, 1)


def test_a_dated_lapse_event_ends_the_patent_on_that_day():
    owner = university()
    lapsed = invention(owner, legal_status=LegalStatus.LAPSED_FEES)
    LegalEvent.objects.create(patent=lapsed, date=dt.date(2025, 4, 1), description="专利权终止（未缴年费）")
    converted(lapsed, owner, dt.date(2025, 5, 1))
    assert (rate(), rate(2026)) == ((0, 1), (0, 0))


def test_a_patent_ended_on_a_date_the_register_does_not_give_is_left_out_of_both_sides():
    owner = university()
    invention(owner)
    converted(invention(owner, legal_status=LegalStatus.INVALIDATED), owner, dt.date(2025, 5, 1))
    assert rate() == (0, 1)
    assert conversion_figures(2025, TODAY)["unknown_end_patents"] == 1


def test_a_patent_in_force_without_a_grant_date_is_counted_apart():
    invention(university(), granted=None)
    figures = conversion_figures(2025, TODAY)
    assert (figures["groups"]["institutes"]["valid"], figures["unknown_grant_patents"]) == (0, 1)


@pytest.mark.parametrize("text,ends", [("专利权终止", True), ("未缴年费专利权终止，等待恢复", False),
                                       ("无效宣告请求", False), ("宣告专利权部分无效", False),
                                       ("宣告专利权全部无效", True), ("专利权的转移", False), ("Lapsed", True)])
def test_which_legal_events_end_the_right(text, ends):
    assert ends_right(text) is ends


def test_utility_models_are_not_in_the_rate():
    owner = university()
    invention(owner, patent_type=PatentType.UTILITY_MODEL)
    assert rate() == (0, 0)


def test_state_owned_enterprises_are_counted_apart():
    soe = university(kind=OrgKind.SOE)
    patent = invention(soe)
    converted(patent, soe, dt.date(2025, 5, 1))
    invention(university())
    assert (rate(), rate(group="soe")) == ((0, 1), (1, 1))


def test_an_open_licence_taken_is_a_conversion():
    owner = university()
    declaration = OpenLicenceDeclaration.objects.create(patent=invention(owner), organisation=owner,
                                                        declared_on=dt.date(2025, 1, 10))
    OpenLicence.objects.create(declaration=declaration, licensee=university(kind=OrgKind.ENTERPRISE), notice="通知",
                               status=LicenceStatus.ACTIVE, starts_on=dt.date(2025, 3, 1), amount_due=0)
    assert rate() == (1, 1)


def test_the_rate_by_city_reads_the_institutions_city():
    guangzhou, shenzhen = university("440100"), university("440300")
    converted(invention(guangzhou), guangzhou, dt.date(2025, 5, 1))
    invention(shenzhen)
    by_city = {r["city"]: (r["converted"], r["valid"]) for r in conversion_figures(2025, TODAY)["by_city"]}
    assert by_city == {"广州市": (1, 1), "深圳市": (0, 1)}
    assert rate(city="440300") == (0, 1)


def test_each_years_rate_is_in_the_trend():
    owner = university()
    patents = [invention(owner) for _ in range(4)]
    converted(patents[0], owner, dt.date(2024, 5, 1))
    converted(patents[1], owner, dt.date(2025, 5, 1))
    converted(patents[2], owner, dt.date(2025, 6, 1))
    trend = {t["year"]: t["institutes"]["rate"] for t in conversion_figures(2025, TODAY)["trend"]}
    assert (trend[2023], trend[2024], trend[2025]) == (0.0, 0.25, 0.5)
    last = conversion_figures(2025, TODAY)["trend"][-1]
    assert (last["year"], last["partial"]) == (2026, True)


def test_institutions_outside_guangdong_are_not_in_the_provincial_rate():
    from patentbridge.kpi.tests.factories import outside

    invention(outside(OrgKind.UNIVERSITY))
    assert rate() == (0, 0)

"""The regulator's dashboard reads true: the programme's period, all six targets with their figures, Guangdong's
institutions in the ranking, headed tables."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings

from patentbridge.kpi.programme import Period, average_growth, programme_start
from patentbridge.kpi.selectors import summary
from patentbridge.kpi.tests.factories import contract, invention, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def regulator(logged_in_client):
    client = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def by_key(figures):
    return {t["key"]: t for t in figures["targets"]}


def test_the_programme_has_ended_on_the_last_day_of_2025_and_not_before():
    assert Period(dt.date(2025, 12, 31)).ended is False
    assert (Period(dt.date(2026, 1, 1)).ended, Period(TODAY).current_year, Period(TODAY).last_complete_year) == (
        True, 2026, 2025)
    assert Period(dt.date(2025, 6, 1)).days_left == 213


def test_a_chosen_year_ends_on_its_31_december_or_today_while_it_runs():
    assert (Period(TODAY).end_of(2024), Period(TODAY).end_of(2026), Period(TODAY).end_of(None)) == (
        dt.date(2024, 12, 31), TODAY, TODAY)


def test_the_programme_starts_on_1_january_2024_unless_configured(settings):
    assert programme_start() == dt.date(2024, 1, 1)
    settings.KPI_PROGRAMME_START = "2024-06-24"
    assert programme_start() == dt.date(2024, 6, 24)


def test_the_average_growth_is_compound_from_the_year_before_the_plan():
    assert average_growth({2023: 100, 2024: 130, 2025: 121}, 2023, 2025) == Decimal("10.0")
    assert average_growth({2024: 5, 2025: 9}, 2023, 2025) is None


@pytest.mark.django_db
def test_the_turnover_to_the_target_date_leaves_out_later_contracts():
    for on, amount in ((dt.date(2023, 12, 31), "1"), (dt.date(2024, 1, 1), "10"), (dt.date(2025, 12, 31), "100"),
                       (dt.date(2026, 3, 1), "1000")):
        contract(university(), on, amount)
    assert (by_key(summary(today=TODAY, year=2025))["turnover"]["outcome"],
            by_key(summary(today=TODAY))["turnover"]["outcome"]) == (Decimal("110"), Decimal("1110"))


@pytest.mark.django_db
def test_all_six_targets_are_listed_with_their_goals():
    targets = summary(today=TODAY)["targets"]
    assert [(t["key"], t["goal"]) for t in targets] == [
        ("conversion_rate", None), ("turnover", Decimal("60000000000")), ("product_firms", 3000),
        ("product_patents", 45000), ("product_output", Decimal("100000000000")), ("recordation_growth", Decimal("10"))]


@pytest.mark.django_db
def test_the_page_heads_with_the_period(regulator):
    page = regulator.get("/kpi/").content.decode()
    assert "2024–2025" in page and "粤府办〔2024〕8号" in page
    assert "The programme period ended on 2025-12-31" in page
    assert "more than 3,000" in page and "more than 45,000" in page and "more than RMB 100 bn" in page


@pytest.fixture
def institutions(db):
    guangzhou = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100", name="华南某大学")
    by_code = OrganisationFactory(kind=OrgKind.INSTITUTE, name="广东某研究院", uscc="12440000MB2C12345X")
    beijing = OrganisationFactory(kind=OrgKind.UNIVERSITY, name="北京某大学", province="北京市")
    for organisation in (guangzhou, by_code, beijing):
        invention(organisation)
    return guangzhou, by_code, beijing


def test_the_provincial_ranking_holds_guangdongs_institutions_only(institutions):
    names = {i["name"] for i in summary(today=TODAY)["conversion"]["institutions"]}
    assert names == {"华南某大学", "广东某研究院"}


def test_institutions_elsewhere_are_one_choice_away(institutions):
    assert [i["name"] for i in summary(scope="elsewhere", today=TODAY)["conversion"]["institutions"]] == ["北京某大学"]
    assert len(summary(scope="all", today=TODAY)["conversion"]["institutions"]) == 3


def test_the_scope_control_is_on_the_page(institutions, regulator):
    page = regulator.get("/kpi/?scope=elsewhere").content.decode()
    table = page[page.index('data-testid="conversion-table"'):]
    assert 'name="scope"' in page and "北京某大学" in table and "华南某大学" not in table


def test_an_institution_without_a_city_is_grouped_as_city_unknown(institutions):
    cities = {r["city"] for r in summary(today=TODAY)["conversion"]["by_city"]}
    assert cities == {"广州市", None}


def headed(page: str) -> bool:
    """Every table has a <thead> whose header cells all say they head a column."""
    tables = re.findall(r"<table.*?</table>", page, re.S)
    heads = [re.search(r"<thead>(.*?)</thead>", t, re.S) for t in tables]
    return bool(tables) and all(h and h.group(1).count("<th") == h.group(1).count('<th scope="col"') > 0
                                for h in heads)


@pytest.mark.parametrize("figure", ["turnover", "turnover_left_out", "held", "product_firms", "product_patents",
                                    "product_output", "recordations", "conversion", "declarations", "licences"])
def test_every_drill_down_table_has_column_headers(institutions, regulator, figure):
    contract(institutions[0], dt.date(2025, 3, 1), "10")
    assert headed(regulator.get(f"/kpi/records/{figure}/").content.decode())


def test_the_institution_drill_down_and_the_dashboard_have_column_headers(institutions, regulator):
    assert headed(regulator.get(f"/kpi/records/institution/?organisation={institutions[0].pk}").content.decode())
    assert headed(regulator.get("/kpi/").content.decode())

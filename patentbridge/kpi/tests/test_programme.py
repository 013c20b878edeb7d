"""The regulator's dashboard reads true: the programme's period, all six targets with their figures (or why there is
none), Guangdong's institutions in the ranking, patents without a known city grouped by reason, headed tables."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings

from patentbridge.kpi.programme import Period, average_growth
from patentbridge.kpi.selectors import NO_ADDRESS, UNRECOGNISED, conversion_by_city, summary
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import ContractStatus, TechContractRegistration, TechContractType

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def regulator(logged_in_client):
    client = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def contract(on: dt.date, amount: str) -> TechContractRegistration:
    seller = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    return TechContractRegistration.objects.create(
        patent=PatentFactory(owner=seller), seller=seller, buyer=OrganisationFactory(kind=OrgKind.ENTERPRISE),
        contract_type=TechContractType.LICENCE, contract_amount=Decimal(amount), technology_amount=Decimal(amount),
        registered_on=on, status=ContractStatus.COUNTED, city_id="440100")


def by_key(figures):
    return {t["key"]: t for t in figures["targets"]}


def test_the_programme_has_ended_on_the_last_day_of_2025_and_not_before():
    assert Period(dt.date(2025, 12, 31)).ended is False
    assert (Period(dt.date(2026, 1, 1)).ended, Period(TODAY).current_year, Period(TODAY).last_complete_year) == (
        True, 2026, 2025)
    assert Period(dt.date(2025, 6, 1)).days_left == 213


def test_the_average_growth_is_compound_from_the_year_before_the_plan():
    assert average_growth({2023: 100, 2024: 130, 2025: 121}, 2023, 2025) == Decimal("10.0")
    assert average_growth({2024: 5, 2025: 9}, 2023, 2025) is None


@pytest.mark.django_db
def test_the_turnover_target_counts_the_programme_years_and_this_year_apart():
    for on, amount in ((dt.date(2023, 12, 31), "1"), (dt.date(2024, 1, 1), "10"), (dt.date(2025, 12, 31), "100"),
                       (dt.date(2026, 3, 1), "1000")):
        contract(on, amount)
    turnover = by_key(summary(today=TODAY))["turnover"]
    assert (turnover["outcome"], turnover["current"], turnover["met"]) == (Decimal("110"), Decimal("1000"), False)


@pytest.mark.django_db
def test_while_the_programme_runs_there_is_no_current_year_column():
    contract(dt.date(2025, 3, 1), "10")
    figures = summary(today=dt.date(2025, 6, 1))
    assert figures["programme"]["ended"] is False
    assert (by_key(figures)["turnover"]["outcome"], by_key(figures)["turnover"]["current"]) == (Decimal("10"), None)


@pytest.mark.django_db
def test_all_six_targets_are_listed_and_the_product_ones_name_their_missing_source():
    targets = summary(today=TODAY)["targets"]
    assert [t["key"] for t in targets] == ["conversion_rate", "turnover", "product_firms", "product_patents",
                                           "product_output", "recordation_growth"]
    missing = [t for t in targets if t["data_source"]]
    assert [(t["data_source"], t["outcome"], t["goal"]) for t in missing] == [
        ("product_filing", None, 3000), ("product_filing", None, 45000),
        ("product_filing", None, Decimal("100000000000"))]


@pytest.mark.django_db
def test_the_page_heads_with_the_period_and_shows_the_outcome_and_this_year(regulator):
    page = regulator.get("/kpi/").content.decode()
    assert "2024–2025" in page and "粤府办〔2024〕8号" in page
    assert "The programme period ended on 2025-12-31" in page
    assert "Outcome at the end of 2025" in page and "2026 so far" in page


@pytest.mark.django_db
def test_the_page_shows_a_target_without_data_as_such_not_as_zero(regulator):
    page = regulator.get("/kpi/").content.decode()
    rows = re.findall(r'<tr data-target="product_\w+">.*?</tr>', page, re.S)
    assert len(rows) == 3
    assert all("No data yet — comes from product filing" in row and ">0<" not in row for row in rows)
    assert "more than 3,000" in page and "more than 45,000" in page and "more than RMB 100 bn" in page


@pytest.fixture
def institutions(db):
    guangzhou = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100", name="华南某大学")
    by_code = OrganisationFactory(kind=OrgKind.INSTITUTE, name="广东某研究院", uscc="12440000MB2C12345X")
    beijing = OrganisationFactory(kind=OrgKind.UNIVERSITY, name="北京某大学", province="北京市")
    for organisation in (guangzhou, by_code, beijing):
        PatentFactory(owner=organisation)
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


def test_patents_without_a_known_city_are_grouped_by_the_reason(institutions):
    _, by_code, _ = institutions
    PatentFactory(owner=by_code, address="科学大道 100 号")
    groups = {(g["city"], g["reason"]): g["valid"] for g in conversion_by_city()}
    assert groups == {("广州市", None): 1, (None, NO_ADDRESS[1:]): 1, (None, UNRECOGNISED[1:]): 1}
    assert [g["reason"] for g in conversion_by_city()][-2:] == [NO_ADDRESS[1:], UNRECOGNISED[1:]]


def test_the_page_labels_the_unknown_city_groups_with_their_reason(institutions, regulator):
    page = regulator.get("/kpi/").content.decode()
    assert "City unknown: the applicant&#x27;s address is missing" in page
    assert 'data-testid="city-unknown"' in page


def headed(page: str) -> bool:
    """Every table has a <thead> whose header cells all say they head a column."""
    tables = re.findall(r"<table.*?</table>", page, re.S)
    heads = [re.search(r"<thead>(.*?)</thead>", t, re.S) for t in tables]
    return bool(tables) and all(h and h.group(1).count("<th") == h.group(1).count('<th scope="col"') > 0
                                for h in heads)


@pytest.mark.parametrize("figure", ["turnover", "held", "recordations", "transfers", "declarations", "licences"])
def test_every_drill_down_table_has_column_headers(institutions, regulator, figure):
    contract(dt.date(2026, 3, 1), "10")
    assert headed(regulator.get(f"/kpi/records/{figure}/").content.decode())


def test_the_institution_drill_down_and_the_dashboard_have_column_headers(institutions, regulator):
    assert headed(regulator.get(f"/kpi/records/institution/?organisation={institutions[0].pk}").content.decode())
    assert headed(regulator.get("/kpi/").content.decode())

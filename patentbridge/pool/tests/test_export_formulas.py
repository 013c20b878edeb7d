"""A patent title that looks like a formula stays text in the pool's Excel exports."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from patentbridge.orgs.models import Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def is_text(cell) -> bool:
    """A neutralised cell: text with the leading apostrophe, never a formula (XML reads a CR back as LF)."""
    return cell.data_type == "s" and cell.value.startswith("'")


@pytest.fixture
def office(logged_in_client):
    client, _, org = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    return client, org


def pooled(org, title):
    patent = PatentFactory(owner=org, title=title, application_date=dt.date(2018, 2, 1),
                           grant_date=dt.date(2020, 6, 1))
    services.inventory_add_owned([patent.pk])
    services.assess_register()
    return patent


@pytest.mark.parametrize("title", HOSTILE)
def test_inventory_export_writes_a_formula_like_title_as_text(office, title):
    client, org = office
    pooled(org, title)
    sheet = load_workbook(io.BytesIO(client.get("/pool/inventory/export/").content)).active
    assert is_text(sheet["B2"])


def test_inventory_export_keeps_scores_numeric(office):
    client, org = office
    pooled(org, "=1+1")
    sheet = load_workbook(io.BytesIO(client.get("/pool/inventory/export/").content)).active
    assert sheet["I2"].data_type == "n" and isinstance(sheet["I2"].value, int | float)


@pytest.mark.parametrize("title", HOSTILE)
def test_fee_calendar_export_writes_a_formula_like_title_as_text(office, title):
    client, org = office
    pooled(org, title)
    sheet = load_workbook(io.BytesIO(client.get("/pool/fees/?months=36&format=xlsx").content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert titles and all(is_text(cell) for cell in titles)

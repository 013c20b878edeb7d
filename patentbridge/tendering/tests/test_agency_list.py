"""The agency list that fills the register's agency field: CSV or XLSX, each bad row reported by line."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.utils import translation
from openpyxl import Workbook

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.patents.models import Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.tendering.services import agency_list_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The notes are compared as written in the code (their msgids); the pages show them translated."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True)


@pytest.fixture
def patent():
    return PatentFactory(application_number="201710667329.7", publication_number="CN107295441A")


def _csv(*rows: str) -> bytes:
    return "\n".join(("申请号,代理机构", *rows)).encode("utf-8")


def test_csv_row_sets_the_agency(admin, patent):
    agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,北京集佳知识产权代理有限公司11227; 王宝筠"))
    assert Patent.objects.get(pk=patent.pk).agency == "北京集佳知识产权代理有限公司"


def test_publication_number_finds_the_patent(admin, patent):
    content = "公开号,代理机构\nCN107295441A,甲代理\n".encode()
    assert agency_list_import(actor=admin, file_name="list.csv", content=content).updated == 1


def test_xlsx_list_is_read(admin, patent):
    book = Workbook()
    book.active.append(["申请号", "代理机构"])
    book.active.append(["2017106673297", "乙代理"])
    buffer = io.BytesIO()
    book.save(buffer)
    agency_list_import(actor=admin, file_name="list.xlsx", content=buffer.getvalue())
    assert Patent.objects.get(pk=patent.pk).agency == "乙代理"


def test_malformed_number_is_reported_with_its_line(admin, patent):
    result = agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,甲", "12X,乙"))
    assert [(e.line, e.value) for e in result.errors] == [(3, "12X")]


def test_number_not_in_the_register_is_reported(admin):
    result = agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,甲"))
    assert str(result.errors[0].reason) == "No patent with this number in the register."


def test_missing_agency_is_reported(admin, patent):
    result = agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,"))
    assert result.errors[0].line == 2


def test_good_rows_are_applied_beside_bad_ones(admin, patent):
    result = agency_list_import(actor=admin, file_name="list.csv", content=_csv("bad,甲", "CN201710667329.7,乙"))
    assert (result.updated, len(result.errors)) == (1, 1)


def test_second_import_changes_nothing(admin, patent):
    agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,甲"))
    assert agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,甲")).updated == 0


def test_file_without_the_columns_is_refused(admin):
    with pytest.raises(ValidationFailed):
        agency_list_import(actor=admin, file_name="list.csv", content=b"a,b\n1,2\n")


def test_office_cannot_import_an_agency_list(patent):
    with pytest.raises(PermissionDenied):
        agency_list_import(actor=member_of(OrganisationFactory()), file_name="list.csv", content=_csv())


def test_each_change_is_on_the_audit_trail(admin, patent):
    agency_list_import(actor=admin, file_name="list.csv", content=_csv("CN201710667329.7,甲"))
    entry = LogEntry.objects.get_for_object(patent).latest("timestamp")
    assert (entry.actor, entry.changes_dict["agency"]) == (admin, ["", "甲"])

"""A rejected value that looks like a formula stays text in the import's rejected-rows CSV."""

import csv
import io

import pytest

from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import ImportBatch
from patentbridge.patents.tests.test_import_bad_rows import GOOD, write_csv

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def import_with_bad_application_number(tmp_path, value):
    row = GOOD[0][:]
    row[0] = value
    return import_file(write_csv(tmp_path / "list.csv", [row])).batch


def rejected_values(text):
    return [row["value"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_rejected_rows_report_writes_a_formula_like_value_as_text(tmp_path, value):
    batch = import_with_bad_application_number(tmp_path, value)
    with open(batch.report_path, encoding="utf-8-sig", newline="") as handle:
        values = rejected_values(handle.read())
    assert values and all(v.startswith("'") for v in values if v)


@pytest.mark.django_db
def test_report_download_neutralises_a_report_written_before_the_fix(tmp_path, logged_in_client):
    client, user, _ = logged_in_client()
    report = tmp_path / "old-rejected.csv"
    report.write_text('line,field,reason,value\n2,title,bad,"=HYPERLINK(""http://evil.example"",""x"")"\n',
                      encoding="utf-8-sig")
    batch = ImportBatch.objects.create(created_by=user, file_name="old.csv", report_path=str(report))
    response = client.get(f"/patents/imports/{batch.pk}/rejected.csv")
    assert rejected_values(b"".join(response).decode("utf-8-sig")) == ['\'=HYPERLINK("http://evil.example","x")']

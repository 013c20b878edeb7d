"""Importing the bundled real files: expected counts, and a second import changes nothing."""

from pathlib import Path

import pytest
from django.conf import settings

from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import Patent, PatentApplicant, PatentClassification

DATA = Path(settings.DATA_DIR) / "patents"
# (file, layout, read, created, updated, rejected) — from the files themselves; see data/patents/*/SOURCE.md.
BUNDLED = [
    ("cn_patent_fixtures/cnipa_full_schema_records.jsonl", "cnipa_full_schema", 10, 10, 0, 0),
    ("cn_patent_fixtures/g06f_cpc_samples.csv", "recognised_headers", 57, 57, 0, 0),
    ("cn_patent_titles_ipc/cn_patent_titles_ipc.csv", "titles_ipc", 8331, 8331, 0, 0),
    # 979 rows are second publications (A then B) of an application already read: merged, not duplicated.
    ("cn_patent_db_exports/cn_patents_with_abstracts.csv.gz", "db_export", 10732, 9753, 978, 0),
    # Two rows carry the CPC-only symbol Y02P90/02 in the IPC column.
    ("cn_patent_db_exports/cn_patents_bibliographic.csv.gz", "db_export", 18664, 18662, 0, 2),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, layout, read, created, updated, rejected", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_bundled_file_imports_expected_counts(name, layout, read, created, updated, rejected):
    batch = import_file(DATA / name).batch
    assert (batch.layout, batch.rows_read, batch.rows_created, batch.rows_updated, batch.rows_rejected) == (
        layout, read, created, updated, rejected)
    assert Patent.objects.count() == created


@pytest.mark.django_db
@pytest.mark.parametrize("name", [b[0] for b in BUNDLED], ids=[b[0] for b in BUNDLED])
def test_second_import_of_bundled_file_changes_nothing(name):
    import_file(DATA / name)
    counts = (Patent.objects.count(), PatentClassification.objects.count(), PatentApplicant.objects.count())
    batch = import_file(DATA / name).batch
    assert (batch.rows_created, batch.rows_updated) == (0, 0)
    assert (Patent.objects.count(), PatentClassification.objects.count(), PatentApplicant.objects.count()) == counts


@pytest.mark.django_db
def test_grant_publication_merges_into_its_application_record():
    import_file(DATA / "cn_patent_db_exports/cn_patents_with_abstracts.csv.gz")
    patent = Patent.objects.get(application_number="201710667329.7")
    assert patent.grant_number == "CN107295441B"
    assert patent.legal_status == "in_force"
    assert patent.expiry_date.isoformat() == "2037-08-06"  # filed 2017-08-07: the day before the 20th anniversary


@pytest.mark.django_db
def test_full_schema_record_keeps_chinese_fields():
    import_file(DATA / "cn_patent_fixtures/cnipa_full_schema_records.jsonl")
    patent = Patent.objects.get(application_number="202211359874.7")
    assert (patent.publication_number, patent.grant_number) == ("CN115883397A", "CN115883397B")
    assert patent.inventors[:2] == ["李玺", "康锐文"]
    assert patent.first_claim.startswith("1.")
    assert patent.province == "河南"
    assert patent.applicant_links.get().organisation.kind == "institute"

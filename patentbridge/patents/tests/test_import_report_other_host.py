"""An import's rejected-rows report downloads from any host: where the file is not on this host's disk (the worker
that ran the import wrote it on another), the rows come from the database."""

import csv
import io

import pytest

from patentbridge.patents.models import ImportBatch, ImportRejection


@pytest.mark.django_db
def test_the_report_written_on_another_host_is_served_from_the_database(tmp_path, logged_in_client):
    client, user, _ = logged_in_client()
    batch = ImportBatch.objects.create(created_by=user, file_name="list.csv",
                                       report_path=str(tmp_path / "on-another-host" / "import-rejected.csv"))
    ImportRejection.objects.create(batch=batch, line=3, field="title", reason="empty", value="=1+1")

    response = client.get(f"/patents/imports/{batch.pk}/rejected.csv")

    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows == [["line", "field", "reason", "value"], ["3", "title", "empty", "'=1+1"]]


@pytest.mark.django_db
def test_an_import_without_a_report_has_none_to_download(logged_in_client):
    client, user, _ = logged_in_client()
    batch = ImportBatch.objects.create(created_by=user, file_name="list.csv")

    assert client.get(f"/patents/imports/{batch.pk}/rejected.csv").status_code == 404

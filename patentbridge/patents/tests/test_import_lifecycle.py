"""An import run's lifecycle: it runs until it finishes or fails, once; a failure keeps its error."""

from __future__ import annotations

from unittest import mock

import pytest

from patentbridge.core.errors import Conflict
from patentbridge.patents.importing import runner
from patentbridge.patents.importing.runner import BATCH_STEPS, batch_close, import_file
from patentbridge.patents.models import ImportBatch
from patentbridge.patents.tests.test_import_bad_rows import GOOD, write_csv

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status


def batch_at(status: str) -> ImportBatch:
    return ImportBatch.objects.create(file_name="a.csv", file_sha256="0" * 64, file_format="csv", layout="custom",
                                      status=status)


@pytest.mark.parametrize("start, target", sorted(BATCH_STEPS))
def test_every_allowed_end_of_a_run_is_kept_with_its_time(start, target):
    batch_close(batch=batch_at(start), to=target, message="ValueError: x")
    batch = ImportBatch.objects.get()
    assert batch.status == target and batch.finished_at is not None and batch.message == "ValueError: x"


@pytest.mark.parametrize("start, target", [(s, t) for s in Status.values for t in Status.values
                                           if (s, t) not in BATCH_STEPS])
def test_every_other_step_of_a_run_is_refused_with_a_conflict(start, target):
    with pytest.raises(Conflict):
        batch_close(batch=batch_at(start), to=target)
    batch = ImportBatch.objects.get()
    assert batch.status == start and batch.finished_at is None


def test_a_run_that_finishes_is_finished(tmp_path):
    outcome = import_file(write_csv(tmp_path / "good.csv", GOOD))
    assert ImportBatch.objects.get(pk=outcome.batch.pk).status == Status.FINISHED


def test_a_run_that_breaks_is_failed_with_the_error(tmp_path):
    with mock.patch.object(runner.Importer, "_write", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        import_file(write_csv(tmp_path / "good.csv", GOOD))
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.message) == (Status.FAILED, "RuntimeError: disk full")

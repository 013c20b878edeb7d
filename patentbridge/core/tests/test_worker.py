"""The background worker survives errors, retries failed tasks a bounded number of times, and is seen (heartbeat);
the queue's state reads true; the SQLite backend retries statements refused with "database is locked"."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from patentbridge.core import worker as worker_module
from patentbridge.core.models import WorkerHeartbeat
from patentbridge.core.selectors import queue_status
from patentbridge.core.sqlite.base import LOCKED_RETRIES, RetryingCursor, retry_locked
from patentbridge.core.worker import ResilientWorker, heartbeat_beat, requeue_orphans

CALLS: list[str] = []


@task()
def always_fails() -> None:
    raise RuntimeError("boom")


FLAKY = {"fail": True}


@task()
def flaky() -> str:
    if FLAKY["fail"]:
        raise RuntimeError("not yet")
    return "done"


@task()
def succeeds() -> str:
    CALLS.append("ran")
    return "done"


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY_SECONDS = 10
    CALLS.clear()


def make_worker(**kwargs) -> ResilientWorker:
    options = dict(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    return ResilientWorker(**{**options, **kwargs})


def claim_and_run(worker: ResilientWorker) -> DBTaskResult:
    result = worker._claim_next()
    worker.run_task(result)
    result.refresh_from_db()
    return result


def make_ready(result: DBTaskResult) -> None:
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1))


# --- the SQLite backend ---------------------------------------------------------------------------------------------

def locked() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("database is locked")


def test_a_locked_statement_is_run_again_until_it_succeeds():
    outcomes = [locked(), locked(), "ok"]

    def run():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    pauses: list[float] = []
    assert retry_locked(run, what="test", sleep=pauses.append) == "ok"
    assert len(pauses) == 2 and pauses[1] > pauses[0] * 0.5


def test_retrying_a_locked_statement_is_bounded():
    attempts = []

    def run():
        attempts.append(1)
        raise locked()

    with pytest.raises(sqlite3.OperationalError):
        retry_locked(run, what="test", sleep=lambda s: None)
    assert len(attempts) == LOCKED_RETRIES + 1


def test_other_database_errors_are_not_retried():
    attempts = []

    def run():
        attempts.append(1)
        raise sqlite3.OperationalError("no such table: x")

    with pytest.raises(sqlite3.OperationalError):
        retry_locked(run, what="test", sleep=lambda s: None)
    assert len(attempts) == 1


def test_an_autocommit_write_waits_out_another_writers_lock(tmp_path):
    path = str(tmp_path / "locked.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    writer = sqlite3.connect(path, isolation_level=None, timeout=0.01)
    threading.Timer(0.3, holder.execute, ["COMMIT"]).start()
    writer.cursor(factory=RetryingCursor).execute("INSERT INTO t VALUES (%s)", (1,))
    assert writer.execute("SELECT count(*) FROM t").fetchone() == (1,)


# --- the worker -----------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_failed_task_is_queued_again_after_a_pause(db_tasks):
    always_fails.enqueue()
    result = claim_and_run(make_worker())
    assert result.status == "READY"
    assert result.run_after > timezone.now() + dt.timedelta(seconds=5)
    assert result.exception_class_path == "builtins.RuntimeError"


@pytest.mark.django_db
def test_a_task_that_keeps_failing_is_failed_for_good_after_its_last_attempt(db_tasks):
    always_fails.enqueue()
    worker = make_worker()
    for _ in range(3):
        result = claim_and_run(worker)
        make_ready(result)
    assert result.status == "FAILED"
    assert len(result.worker_ids) == 3 and "boom" in result.traceback


@pytest.mark.django_db
def test_the_pause_before_a_retry_doubles(db_tasks, settings):
    assert worker_module.retry_delay(1) == dt.timedelta(seconds=10)
    assert worker_module.retry_delay(2) == dt.timedelta(seconds=20)


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_queued_again(db_tasks):
    succeeds.enqueue()
    make_worker(worker_id="dead-worker")._claim_next()
    assert requeue_orphans(own_id="test-worker") == 1
    assert DBTaskResult.objects.get().status == "READY"


@pytest.mark.django_db
def test_a_task_of_a_live_worker_is_left_alone(db_tasks):
    succeeds.enqueue()
    make_worker(worker_id="busy-worker")._claim_next()
    heartbeat_beat("busy-worker", timezone.now(), tasks_run=0, tasks_failed=0)
    assert requeue_orphans(own_id="test-worker") == 0
    assert DBTaskResult.objects.get().status == "RUNNING"


@pytest.mark.django_db
def test_the_worker_survives_a_locked_database_and_goes_on(db_tasks, monkeypatch):
    succeeds.enqueue()
    worker = make_worker()
    monkeypatch.setattr(worker, "_start_heartbeat", lambda: None)
    monkeypatch.setattr(worker_module.time, "sleep", lambda s: None)
    # The test's transaction must outlive the loop's connection housekeeping (PostgreSQL would drop it).
    monkeypatch.setattr(worker_module.connections, "close_all", lambda: None)
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    real_claim, failures = worker._claim_next, [OperationalError("database is locked")]

    def flaky_claim():
        if failures:
            raise failures.pop()
        return real_claim()

    monkeypatch.setattr(worker, "_claim_next", flaky_claim)
    worker.run()
    assert CALLS == ["ran"]
    assert "database is locked" in worker.last_error


@pytest.mark.django_db
def test_a_heartbeat_marks_the_worker_alive(db_tasks):
    heartbeat_beat("w1", timezone.now(), tasks_run=4, tasks_failed=1)
    status = queue_status()
    assert [w.worker_id for w in status.workers] == ["w1"] and status.workers[0].tasks_run == 4


# --- the queue's state ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_work_waiting_too_long_with_no_worker_is_stalled(db_tasks, settings):
    settings.TASK_STALL_MINUTES = 10
    succeeds.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
    status = queue_status()
    assert status.state == "stalled" and status.waited_minutes == 11


@pytest.mark.django_db
def test_waiting_work_with_a_live_worker_is_not_stalled(db_tasks):
    succeeds.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))
    heartbeat_beat("w1", timezone.now(), tasks_run=0, tasks_failed=0)
    assert queue_status().state == "working"


@pytest.mark.django_db
def test_a_heartbeat_older_than_the_limit_is_no_live_worker(db_tasks, settings):
    succeeds.enqueue()
    heartbeat_beat("w1", timezone.now(), tasks_run=0, tasks_failed=0)
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1))
    assert queue_status().state == "no_worker"


@pytest.mark.django_db
def test_a_task_failed_for_good_shows_until_a_later_success_of_its_kind(db_tasks, settings):
    settings.TASK_MAX_ATTEMPTS = 1
    FLAKY["fail"] = True
    flaky.enqueue()
    claim_and_run(make_worker())
    status = queue_status()
    assert status.state == "failed" and status.recent_failures[0].error == "RuntimeError"
    succeeds.enqueue()
    claim_and_run(make_worker())
    assert queue_status().state == "failed"
    FLAKY["fail"] = False
    flaky.enqueue()
    claim_and_run(make_worker())
    assert queue_status().state == "idle"


@pytest.mark.django_db
def test_an_empty_queue_is_idle(db_tasks):
    assert queue_status().state == "idle"

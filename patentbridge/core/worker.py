"""The background worker that never dies silently: django-tasks-db's worker, made to survive and to be seen.

django-tasks-db's loop stops for good on the first database error outside a task (on SQLite, `database is locked`
while it claims the next task) and marks a task failed at its first exception. This worker:
- survives any error in its loop: logs it, closes the connections, waits with growing back-off and goes on;
- runs a failed task again, up to `TASK_MAX_ATTEMPTS` attempts, after a pause that doubles from
  `TASK_RETRY_DELAY_SECONDS`, logging each failure; the last one marks it failed for good (with its traceback);
- puts a task back in the queue when the worker that claimed it is gone (killed mid-task), counting the attempt;
- renews a heartbeat row from a side thread, so the health page tells a busy worker from a dead one.
The number of attempts is the number of workers that claimed the task (`worker_ids`, one entry per claim).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from patentbridge.core.models import WorkerHeartbeat
from patentbridge.core.observability import task_context

logger = logging.getLogger("patentbridge.worker")
READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"
HEARTBEAT_SECONDS = 5
ORPHAN_CHECK_SECONDS = 30
LOOP_MAX_PAUSE = 60.0


def heartbeat_beat(worker_id: str, started_at: dt.datetime, *, tasks_run: int, tasks_failed: int,
                   last_error: str = "") -> None:
    """Record that this worker is alive now (one row per worker)."""
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={
        "host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "seen_at": timezone.now(),
        "tasks_run": tasks_run, "tasks_failed": tasks_failed, "last_error": last_error[-2000:]})


def live_worker_ids(now: dt.datetime | None = None) -> set[str]:
    since = (now or timezone.now()) - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return set(WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True))


def orphan_check_seconds() -> float:
    """How often a worker looks for tasks of gone workers: a gone worker shows only after WORKER_STALE_SECONDS, so
    half that finds it soon after, and never less often than ORPHAN_CHECK_SECONDS."""
    return min(ORPHAN_CHECK_SECONDS, settings.WORKER_STALE_SECONDS / 2)


def retry_delay(attempts: int) -> dt.timedelta:
    """The pause before attempt `attempts + 1`: TASK_RETRY_DELAY_SECONDS, doubled for each earlier retry."""
    return dt.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** max(0, attempts - 1))


def requeue_or_fail(result: DBTaskResult, *, reason: str) -> bool:
    """Put a task that did not finish back in the queue, or fail it for good after its last attempt.

    Returns whether it was queued again."""
    attempts = len(result.worker_ids)
    if attempts < settings.TASK_MAX_ATTEMPTS:
        DBTaskResult.objects.filter(pk=result.pk).update(
            status=READY, run_after=timezone.now() + retry_delay(attempts), started_at=None, finished_at=None)
        logger.warning("task %s (%s) did not finish (%s); attempt %d of %d in %s", result.pk, result.task_path,
                       reason, attempts + 1, settings.TASK_MAX_ATTEMPTS, retry_delay(attempts))
        return True
    DBTaskResult.objects.filter(pk=result.pk).update(status=FAILED, finished_at=timezone.now())
    logger.error("task %s (%s) failed for good after %d attempts: %s", result.pk, result.task_path, attempts, reason)
    return False


def requeue_orphans(*, own_id: str, running_own: object | None = None) -> int:
    """Tasks left RUNNING by a worker that is gone (or by this one, outside the task it runs now)."""
    alive = live_worker_ids() - {own_id}
    count = 0
    for result in DBTaskResult.objects.filter(status=RUNNING).only("pk", "task_path", "worker_ids"):
        last = result.worker_ids[-1] if result.worker_ids else ""
        if last in alive or (last == own_id and result.pk == running_own):
            continue
        requeue_or_fail(result, reason="its worker stopped while running it")
        count += 1
    return count


class ResilientWorker(Worker):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self.tasks_failed = 0
        self.last_error = ""
        self.current: object | None = None
        self._pause = 0.0
        self._orphans_checked = 0.0

    # --- the loop -------------------------------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("worker %s starting (queues %s)", self.worker_id, ",".join(self.queue_names))
        self._start_heartbeat()
        while self.running:
            try:
                if self._iterate() == "stop":
                    return
                self._pause = 0.0
            except Exception as exc:  # noqa: BLE001 - the worker must outlive any error in its own loop
                self._survive(exc)

    def _iterate(self) -> str:
        close_old_connections()
        self._requeue_orphans_now_and_then()
        result = self._claim_next()
        if result is not None:
            self.current = result.pk
            try:
                self.run_task(result)
            finally:
                self.current = None
        elif self.batch and not self._anything_waiting():
            logger.info("no more tasks for worker %s; exiting", self.worker_id)
            return "stop"
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return "stop"
        close_old_connections()
        if self.running and result is None:
            time.sleep(self.interval)
        return "ran" if result is not None else "idle"

    def _claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            result = tasks.get_locked()
            if result is not None:
                result.claim(self.worker_id)
        return result

    def _anything_waiting(self) -> bool:
        """Batch mode waits for tasks queued again for later, rather than leave them behind."""
        return DBTaskResult.objects.filter(status=READY, backend_name=self.backend_name).exists()

    def _survive(self, exc: Exception) -> None:
        self.last_error = f"{timezone.now():%Y-%m-%d %H:%M:%S} {type(exc).__name__}: {exc}"
        self._pause = min(max(self._pause * 2, 1.0), LOOP_MAX_PAUSE)
        if isinstance(exc, OperationalError) and is_locked_database_exception(exc):
            logger.warning("worker %s: database is locked; trying again in %.0f s", self.worker_id, self._pause)
        else:
            logger.exception("worker %s: error in its loop; trying again in %.0f s", self.worker_id, self._pause)
        connections.close_all()
        time.sleep(self._pause)

    def _requeue_orphans_now_and_then(self) -> None:
        if time.monotonic() - self._orphans_checked < orphan_check_seconds():
            return
        self._orphans_checked = time.monotonic()
        requeue_orphans(own_id=self.worker_id, running_own=self.current)

    # --- one task -------------------------------------------------------------------------------------------------
    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run it as django-tasks-db does; when it failed, queue it again until its attempts are spent."""
        with task_context(db_task_result.pk):
            self._run_and_retry(db_task_result)

    def _run_and_retry(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status != FAILED:
            return
        self.tasks_failed += 1
        self.last_error = (f"{timezone.now():%Y-%m-%d %H:%M:%S} {db_task_result.task_path}: "
                           f"{db_task_result.exception_class_path}")
        logger.warning("task %s (%s) raised:\n%s", db_task_result.pk, db_task_result.task_path,
                       db_task_result.traceback.strip()[-4000:])
        requeue_or_fail(db_task_result, reason=db_task_result.exception_class_path)

    # --- heartbeat ------------------------------------------------------------------------------------------------
    def _start_heartbeat(self) -> None:
        threading.Thread(target=self._heartbeat_forever, name="worker-heartbeat", daemon=True).start()

    def _heartbeat_forever(self) -> None:
        while True:
            try:
                heartbeat_beat(self.worker_id, self.started_at, tasks_run=self._run_tasks,
                               tasks_failed=self.tasks_failed, last_error=self.last_error)
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next; it must not stop the thread
                logger.warning("worker %s: heartbeat not recorded\n%s", self.worker_id, traceback.format_exc(limit=2))
            finally:
                connection.close()
            time.sleep(HEARTBEAT_SECONDS)

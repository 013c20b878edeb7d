"""Queueing helpers shared by the apps' background tasks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def _waiting(task: Task) -> QuerySet[DBTaskResult]:
    """Runs of the task that wait unclaimed in django-tasks-db's table."""
    return DBTaskResult.objects.filter(status="READY", task_path=task.module_path, worker_ids=[])


def enqueue_unless_waiting(task: Task) -> bool:
    """Queue a task that takes no arguments unless a run of it already waits unclaimed: a waiting run reads the
    state it works on when it starts, so a burst of triggers (one per imported batch) needs only that one run.
    Returns whether a run was queued."""
    if isinstance(task.get_backend(), DatabaseBackend) and _waiting(task).exists():
        return False
    task.enqueue()
    return True


MERGED_IDS_MAX = 5_000  # one merged run stays a bounded piece of work


def enqueue_merging_ids(task: Task, ids: list[int], *rest: Any) -> bool:
    """Queue `task(ids, *rest)`, or add `ids` to a run of it with the same other arguments that still waits
    unclaimed (a burst of small imports then makes one run over all their patents). The waiting row is locked
    while its arguments grow; a worker skips a locked row and one that claimed it first no longer matches, so every
    id is handled by exactly one run. Returns whether a new run was queued."""
    if isinstance(task.get_backend(), DatabaseBackend):
        with transaction.atomic():
            waiting = _waiting(task).select_for_update(skip_locked=True).order_by("enqueued_at")[:5]
            for row in waiting:
                args = row.args_kwargs.get("args", [])
                if (len(args) == len(rest) + 1 and list(args[1:]) == list(rest) and not row.args_kwargs.get("kwargs")
                        and len(args[0]) + len(ids) <= MERGED_IDS_MAX):
                    known = set(args[0])
                    row.args_kwargs = {"args": [args[0] + [i for i in ids if i not in known], *args[1:]],
                                       "kwargs": {}}
                    row.save(update_fields=["args_kwargs"])
                    return False
    task.enqueue(list(ids), *rest)
    return True

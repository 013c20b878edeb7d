"""Queueing helpers shared by the apps' background tasks."""

from __future__ import annotations

from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_unless_waiting(task: Task) -> bool:
    """Queue a task that takes no arguments unless a run of it already waits unclaimed: a waiting run reads the
    state it works on when it starts, so a burst of triggers (one per imported batch) needs only that one run.
    Returns whether a run was queued."""
    if isinstance(task.get_backend(), DatabaseBackend) and DBTaskResult.objects.filter(
            status="READY", task_path=task.module_path, worker_ids=[]).exists():
        return False
    task.enqueue()
    return True

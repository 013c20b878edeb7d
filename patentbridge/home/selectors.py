"""Reads of the site as a whole: the platform's health (background work and search freshness)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from patentbridge.core.selectors import QueueStatus, TaskCounts, queue_by_task, queue_status
from patentbridge.search.selectors import IndexFreshness, index_freshness


@dataclass(frozen=True)
class Health:
    queue: QueueStatus
    tasks: list[TaskCounts]
    search: IndexFreshness

    @property
    def healthy(self) -> bool:
        return self.queue.state not in ("stalled", "failed", "no_worker") and self.search.state not in (
            "stalled", "failed")


# What each kind of background task does, in words (the page names no Python functions).
TASK_LABELS = {
    "index_patents": _("Index patents by words"),
    "embed_missing": _("Index patents by meaning"),
    "assess_register": _("Score the register"),
    "push_new_patents": _("Tell subscribers of new patents"),
    "push_patent_events": _("Tell subscribers of patent events"),
}


def task_label(name: str) -> str:
    return str(TASK_LABELS.get(name, name))


def platform_health() -> Health:
    """The background queue, its workers, and how fresh each search index is."""
    queue = queue_status()
    queue = replace(queue, recent_failures=[replace(f, name=task_label(f.name)) for f in queue.recent_failures])
    tasks = [replace(t, name=task_label(t.name)) for t in queue_by_task()]
    return Health(queue=queue, tasks=tasks, search=index_freshness())


def health_as_dict(health: Health) -> dict:
    """The same figures for `patentbridge status --json` and monitors."""
    queue, search = health.queue, health.search

    def when(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "healthy": health.healthy,
        "queue": {"state": queue.state, "waiting": queue.waiting, "due": queue.due, "retrying": queue.retrying,
                  "running": queue.running, "failed": queue.failed, "oldest_due_at": when(queue.oldest_due_at),
                  "last_finished_at": when(queue.last_finished_at),
                  "last_worker_seen_at": when(queue.last_worker_seen_at),
                  "workers": [{"id": w.worker_id, "host": w.host, "pid": w.pid, "seen_at": when(w.seen_at),
                               "tasks_run": w.tasks_run, "tasks_failed": w.tasks_failed} for w in queue.workers],
                  "recent_failures": [{"task": f.name, "error": f.error, "attempts": f.attempts,
                                       "finished_at": when(f.finished_at)} for f in queue.recent_failures]},
        "tasks": [{"task": t.name, "waiting": t.waiting, "running": t.running, "failed": t.failed,
                   "succeeded": t.succeeded, "last_finished_at": when(t.last_finished_at)} for t in health.tasks],
        "search": {"state": search.state, "patents": search.patents,
                   "words": {"indexed": search.words.size, "built_at": when(search.words.built_at)},
                   "meaning": {"indexed": search.meaning.size, "built_at": when(search.meaning.built_at)}},
    }

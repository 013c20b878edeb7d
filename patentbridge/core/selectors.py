"""Reads of the core app: the change history of any audited object, the audit trail for auditors, lockouts."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from patentbridge.core.models import SecurityEvent, WorkerHeartbeat

AUDIT_COLUMNS = (_("Time"), _("Source"), _("User"), _("Action"), _("Object type"), _("Object ID"), _("Object"),
                 _("Details"), _("IP address"))
AuditRow = tuple[dt.datetime, str, str, str, str, str, str, str, str]


def audit_entries(obj: Any, limit: int = 50) -> QuerySet[LogEntry]:
    """The latest audit-log entries of one object, newest first, with their actors."""
    return (LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
            .order_by("-timestamp")[:limit])


def _shown(value: Any, choices: dict[str, Any], field: Any) -> str:
    if value in (None, "", "None"):
        return "—"
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            moment = timezone.make_aware(moment, dt.UTC) if timezone.is_naive(moment) else moment
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return str(choices.get(str(value), value))


def _worth_a_line(field: Any) -> bool:
    """Reverse relations, the key and automatic timestamps change with every record: they say nothing."""
    if field is None:
        return True
    return field.concrete and not field.primary_key and not (getattr(field, "auto_now", False)
                                                             or getattr(field, "auto_now_add", False))


def audit_change_lines(entry: LogEntry) -> list[str]:
    """Each change of a change-log entry as "Field: old → new", with the field's translated name and choice
    labels, never auditlog's stored JSON; a changed reference reads "Field: changed" (no query per entry)."""
    model = entry.content_type.model_class()
    lines = []
    for name, values in entry.changes_dict.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if not _worth_a_line(field):
            continue
        label = capfirst(str(getattr(field, "verbose_name", name)))
        if field is not None and (field.is_relation or isinstance(field, models.JSONField)):
            lines.append(f"{label}: {_('changed')}")
            continue
        choices = {str(k): v for k, v in field.flatchoices} if field is not None and field.choices else {}
        old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        old, new = _shown(old, choices, field), _shown(new, choices, field)
        if old != new:
            lines.append(f"{label}: {old} → {new}")
    return lines


# auditlog's own action names are not translated; the trail reads in the reader's language.
ACTION_NAMES = {LogEntry.Action.CREATE: _("created"), LogEntry.Action.UPDATE: _("changed"),
                LogEntry.Action.DELETE: _("deleted"), LogEntry.Action.ACCESS: _("read")}


def _event_row(event: SecurityEvent) -> AuditRow:
    return (event.created_at, str(_("Security event")), event.username, str(event.get_kind_display()), "", "",
            event.path, event.detail, event.ip_address or "")


def _change_row(entry: LogEntry) -> AuditRow:
    who = entry.actor.get_username() if entry.actor else (entry.actor_email or "")
    model = entry.content_type.model_class()
    kind = capfirst(str(model._meta.verbose_name)) if model is not None else entry.content_type.model
    return (entry.timestamp, str(_("Change log")), who, str(ACTION_NAMES.get(entry.action, entry.action)), kind, entry.object_pk,
            entry.object_repr, "; ".join(audit_change_lines(entry)), entry.remote_addr or "")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_trail(since: dt.date, until: dt.date, *, newest_first: bool = False) -> Iterator[AuditRow]:
    """Security events and change-log entries of the days `since` to `until` (both included, local time)."""
    sign = "-" if newest_first else ""
    since, until = _day_start(since), _day_start(until + dt.timedelta(days=1))
    events = (SecurityEvent.objects.filter(created_at__gte=since, created_at__lt=until)
              .order_by(f"{sign}created_at", f"{sign}id").iterator(chunk_size=2000))
    changes = (LogEntry.objects.filter(timestamp__gte=since, timestamp__lt=until)
               .select_related("actor", "content_type").order_by(f"{sign}timestamp", f"{sign}id")
               .iterator(chunk_size=2000))
    return heapq.merge(map(_event_row, events), map(_change_row, changes), key=lambda row: row[0],
                       reverse=newest_first)
def account_locked_out(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """Whether django-axes keeps this account from signing in from where the request comes from.

    Axes decides, with AXES_LOCKOUT_PARAMETERS (account and address), so an API token is refused exactly
    where the account's password would be.
    """
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


# --- background work: the queue and its workers ------------------------------------------------------------------

QUEUE_STATES = ("idle", "working", "no_worker", "failed", "stalled")


@dataclass(frozen=True)
class FailedTask:
    name: str
    finished_at: dt.datetime | None
    error: str
    attempts: int


@dataclass(frozen=True)
class QueueStatus:
    """The background queue (optionally only tasks whose path starts with a prefix) and the live workers."""

    waiting: int
    due: int
    retrying: int
    running: int
    failed: int
    oldest_due_at: dt.datetime | None
    last_finished_at: dt.datetime | None
    recent_failures: list[FailedTask]
    workers: list[WorkerHeartbeat]
    last_worker_seen_at: dt.datetime | None
    checked_at: dt.datetime

    @property
    def worker_alive(self) -> bool:
        return bool(self.workers)

    @property
    def waited_minutes(self) -> int:
        return int((self.checked_at - self.oldest_due_at).total_seconds() // 60) if self.oldest_due_at else 0

    @property
    def state(self) -> str:
        """stalled: due work has waited past TASK_STALL_MINUTES with no live worker; failed: a task failed for good
        and no task of its kind succeeded since; no_worker: work waits and no worker is alive (yet); working; idle."""
        if self.due and not self.worker_alive and self.waited_minutes >= settings.TASK_STALL_MINUTES:
            return "stalled"
        if self.recent_failures:
            return "failed"
        if (self.due or self.running) and not self.worker_alive:
            return "no_worker"
        return "working" if self.waiting or self.running else "idle"


def _failures_since_success(results: QuerySet[DBTaskResult]) -> list[FailedTask]:
    """Tasks failed for good with no later success of the same kind of task (which would have caught up)."""
    last_success = dict(results.filter(status="SUCCESSFUL").values("task_path").annotate(at=Max("finished_at"))
                        .values_list("task_path", "at"))
    failed = (results.filter(status="FAILED").order_by("-finished_at")
              .only("task_path", "finished_at", "worker_ids", "exception_class_path")[:100])
    standing = [r for r in failed if last_success.get(r.task_path) is None
                or (r.finished_at and r.finished_at > last_success[r.task_path])]
    return [FailedTask(name=r.task_path.rsplit(".", 1)[-1], finished_at=r.finished_at, attempts=len(r.worker_ids),
                       error=(r.exception_class_path or "").rsplit(".", 1)[-1]) for r in standing[:10]]


def queue_status(*, task_prefix: str = "") -> QueueStatus:
    """What waits, runs and failed in the background queue, and which workers were seen recently (heartbeat)."""
    now = timezone.now()
    results = DBTaskResult.objects.all()
    if task_prefix:
        results = results.filter(task_path__startswith=task_prefix)
    counts = results.aggregate(
        waiting=Count("pk", filter=Q(status="READY")), running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED")), last_finished_at=Max("finished_at"),
        retrying=Count("pk", filter=Q(status="READY") & ~Q(worker_ids=[])))
    due = results.filter(pk__in=DBTaskResult.objects.ready().values("pk"))
    oldest = due.aggregate(at=Min("enqueued_at"))["at"]
    since = now - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return QueueStatus(
        waiting=counts["waiting"], due=due.count(), retrying=counts["retrying"], running=counts["running"],
        failed=counts["failed"], oldest_due_at=oldest, last_finished_at=counts["last_finished_at"],
        recent_failures=_failures_since_success(results),
        workers=list(WorkerHeartbeat.objects.filter(seen_at__gte=since).order_by("-seen_at")),
        last_worker_seen_at=WorkerHeartbeat.objects.aggregate(at=Max("seen_at"))["at"], checked_at=now)


@dataclass(frozen=True)
class TaskCounts:
    name: str
    waiting: int
    running: int
    failed: int
    succeeded: int
    last_finished_at: dt.datetime | None


def queue_by_task() -> list[TaskCounts]:
    """The queue per kind of task (its function name), busiest first."""
    rows = DBTaskResult.objects.values("task_path").annotate(
        waiting=Count("pk", filter=Q(status="READY")), running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED")), succeeded=Count("pk", filter=Q(status="SUCCESSFUL")),
        last=Max("finished_at")).order_by("-waiting", "task_path")
    return [TaskCounts(r["task_path"].rsplit(".", 1)[-1], r["waiting"], r["running"], r["failed"], r["succeeded"],
                       r["last"]) for r in rows]

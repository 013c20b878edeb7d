"""Reads of the core app: the change history of any audited object, the audit trail for auditors, lockouts."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from patentbridge.core.models import SecurityEvent

AUDIT_COLUMNS = (_("Time"), _("Source"), _("User"), _("Action"), _("Object type"), _("Object ID"), _("Object"),
                 _("Details"), _("IP address"))
AuditRow = tuple[dt.datetime, str, str, str, str, str, str, str, str]
from django.http import HttpRequest


def audit_entries(obj: Any, limit: int = 50) -> QuerySet[LogEntry]:
    """The latest audit-log entries of one object, newest first, with their actors."""
    return (LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
            .order_by("-timestamp")[:limit])


def _shown(value: Any, choices: dict[str, Any]) -> str:
    if value in (None, "", "None"):
        return "—"
    return str(choices.get(str(value), value))


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
        label = capfirst(str(getattr(field, "verbose_name", name)))
        if field is not None and field.is_relation:
            lines.append(f"{label}: {_('changed')}")
            continue
        choices = {str(k): v for k, v in field.flatchoices} if field is not None and field.choices else {}
        old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        lines.append(f"{label}: {_shown(old, choices)} → {_shown(new, choices)}")
    return lines


def _event_row(event: SecurityEvent) -> AuditRow:
    return (event.created_at, str(_("Security event")), event.username, str(event.get_kind_display()), "", "",
            event.path, event.detail, event.ip_address or "")


def _change_row(entry: LogEntry) -> AuditRow:
    who = entry.actor.get_username() if entry.actor else (entry.actor_email or "")
    content_type = entry.content_type
    return (entry.timestamp, str(_("Change log")), who, str(entry.get_action_display()),
            f"{content_type.app_label}.{content_type.model}", entry.object_pk, entry.object_repr, entry.changes_str,
            entry.remote_addr or "")


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

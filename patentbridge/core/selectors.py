"""Reads of the core app: the change history of any audited object."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet


def audit_entries(obj: Any, limit: int = 50) -> QuerySet[LogEntry]:
    """The latest audit-log entries of one object, newest first, with their actors."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]

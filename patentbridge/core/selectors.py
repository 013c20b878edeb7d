"""Reads of the core app: the change history of any audited object, lockouts."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest


def audit_entries(obj: Any, limit: int = 50) -> QuerySet[LogEntry]:
    """The latest audit-log entries of one object, newest first, with their actors."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]


def account_locked_out(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """Whether django-axes keeps this account from signing in from where the request comes from.

    Axes decides, with AXES_LOCKOUT_PARAMETERS (account and address), so an API token is refused exactly
    where the account's password would be.
    """
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})

"""Writes of the core app: security events, the audit trail's purge, and API tokens."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from patentbridge.core.models import ApiToken, SecurityEvent
from patentbridge.core.network import client_address

# Logs of a network's operation are kept for no less than six months (Cybersecurity Law art. 21(3)).
AUDIT_RETENTION_MINIMUM_DAYS = 183


def client_ip(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None


def security_event_record(
    *, kind: str, request: HttpRequest | None = None, user: AbstractBaseUser | None = None,
    username: str = "", detail: str = "",
) -> SecurityEvent:
    """Append one entry to the security audit trail."""
    if user is not None and not user.is_authenticated:
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
        detail=detail[:500],
    )


def api_token_create(*, user: AbstractBaseUser, name: str) -> str:
    """Create a token and return its raw value, which is never stored."""
    raw, key_hash = ApiToken.generate()
    ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], key_hash=key_hash)
    security_event_record(kind=SecurityEvent.Kind.TOKEN_CREATED, user=user, detail=name)
    return raw


def operator_name() -> str:
    """Who ran a console command, for the audit trail: the operating-system account (there is no signed-in user)."""
    try:
        return f"os:{getpass.getuser()}"[:150]
    except (KeyError, OSError):
        return "os:unknown"


def audit_retention_days() -> int:
    """AUDIT_RETENTION_DAYS, refused when shorter than the legal minimum of about six months."""
    days = int(settings.AUDIT_RETENTION_DAYS)
    if days < AUDIT_RETENTION_MINIMUM_DAYS:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION_DAYS={days} is below the minimum of {AUDIT_RETENTION_MINIMUM_DAYS} days (six months)"
        )
    return days


def _delete_older_than(model: type[Model], column: str, cutoff: dt.datetime, *, content_types: list[int] | None = None,
                       keep_content_types: list[int] | None = None) -> int:
    """Plain SQL: the ORM refuses every deletion of audit rows, and the purge is the one that is allowed. Change-log
    entries can be limited to some content types, or spare some."""
    field = model._meta.get_field(column)
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(field.column)} < %s"
    params: list[Any] = [field.get_db_prep_value(cutoff, connection)]
    for ids, operator in ((content_types, "IN"), (keep_content_types, "NOT IN")):
        if ids:
            sql += f" AND {quote('content_type_id')} {operator} ({', '.join(['%s'] * len(ids))})"
            params.extend(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _longer_kept() -> dict[int, int]:
    """Content type id → retention days of the apps whose records the law keeps longer (AUDIT_RETENTION_DAYS_BY_APP,
    e.g. auctions: 10 years)."""
    by_app = getattr(settings, "AUDIT_RETENTION_DAYS_BY_APP", {}) or {}
    kept = ContentType.objects.filter(app_label__in=list(by_app)).values_list("pk", "app_label")
    return {pk: max(int(by_app[label]), audit_retention_days()) for pk, label in kept}


def audit_purge(*, by: str, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete security events and change-log entries older than the retention period; run inside a transaction."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=audit_retention_days())
    # A `now` in the future must not reach into the last six months of the real clock.
    cutoff = min(cutoff, timezone.now() - dt.timedelta(days=AUDIT_RETENTION_MINIMUM_DAYS))
    if not connection.in_atomic_block:
        raise RuntimeError("audit_purge must run inside transaction.atomic()")
    postgresql = connection.vendor == "postgresql"
    if postgresql:  # the append-only trigger lets this transaction delete rows past the legal minimum
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL patentbridge.audit_purge = 'on'")
    longer = _longer_kept()
    counts = {"security_events": _delete_older_than(SecurityEvent, "created_at", cutoff),
              "change_log_entries": _delete_older_than(LogEntry, "timestamp", cutoff,
                                                       keep_content_types=list(longer))}
    moment = now or timezone.now()
    for content_type, days in longer.items():
        counts["change_log_entries"] += _delete_older_than(
            LogEntry, "timestamp", min(moment - dt.timedelta(days=days), cutoff), content_types=[content_type])
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL patentbridge.audit_purge = 'off'")
    security_event_record(kind=SecurityEvent.Kind.AUDIT_PURGED, username=by, detail=(
        f"before {timezone.localtime(cutoff):%Y-%m-%d %H:%M}: {counts['security_events']} security events, "
        f"{counts['change_log_entries']} change-log entries"))
    return counts
def api_tokens_revoke(*, user: AbstractBaseUser, reason: str) -> int:
    """Revoke every live token of the user; record it when there was one."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        security_event_record(kind=SecurityEvent.Kind.TOKENS_REVOKED, user=user, detail=f"{count} revoked: {reason}")
    return count

"""Security events (sign-in, lockout, permission denied) and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import AuditAppendOnly


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are written once: bulk updates and deletes are refused (only `purge-audit` deletes, by SQL)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditAppendOnly()

    def delete(self) -> NoReturn:
        raise AuditAppendOnly()


class SecurityEvent(models.Model):
    """One entry of the security audit trail; append-only (see signals.py and the database trigger)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Account locked out")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        TOKEN_CREATED = "token_created", _("API token created")
        AUDIT_EXPORTED = "audit_exported", _("Audit trail exported")
        AUDIT_PURGED = "audit_purged", _("Audit entries past retention purged")
        TOKENS_REVOKED = "tokens_revoked", _("API tokens revoked")
        TOKEN_REFUSED = "token_refused", _("API token refused")
        # observability (issue 17)
        RATE_LIMITED = "rate_limited", _("Rate limit reached")
        CREDENTIALS_CHANGED = "credentials_changed", _("Password changed or account deactivated")

    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True, verbose_name=_("kind"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user"))
    username = models.CharField(max_length=150, blank=True, verbose_name=_("username"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    path = models.CharField(max_length=500, blank=True, verbose_name=_("path"))
    detail = models.CharField(max_length=500, blank=True, verbose_name=_("detail"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    prefix = models.CharField(max_length=8, db_index=True, verbose_name=_("prefix"))
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("key hash"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str]:
        raw = "pb_" + secrets.token_urlsafe(32)
        return raw, hash_token(raw)


class WorkerHeartbeat(models.Model):
    """A background worker's sign of life, renewed every few seconds while it runs (the health page reads it)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)
    tasks_failed = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.host}:{self.pid}"


class CalendarDay(models.Model):
    """A day that breaks the Monday–Friday week: an official holiday, or a weekend day worked instead (调休上班).
    Loaded from the State Council's yearly notices (core/data/china-calendar.csv); editable, checked each year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

"""Sign-in events go into the security audit trail; the trail's rows can be added, never changed or deleted."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from patentbridge.core.errors import AuditAppendOnly
from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import security_event_record

AUDIT_MODELS = (SecurityEvent, LogEntry)


def refuse_audit_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """A save of a row already written (or of a new object reusing its id) would rewrite history."""
    if not instance._state.adding or (instance.pk is not None and sender._base_manager.filter(pk=instance.pk).exists()):
        raise AuditAppendOnly()


def refuse_audit_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    raise AuditAppendOnly()


for _model in AUDIT_MODELS:
    pre_save.connect(refuse_audit_change, sender=_model, dispatch_uid=f"append-only-save-{_model._meta.label}")
    pre_delete.connect(refuse_audit_delete, sender=_model, dispatch_uid=f"append-only-delete-{_model._meta.label}")


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150]
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")

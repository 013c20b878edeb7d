"""Sign-in events go into the security audit trail, whose rows can be added, never changed or deleted;
credential changes revoke the user's API tokens."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from patentbridge.core.errors import AuditAppendOnly
from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import api_tokens_revoke, security_event_record

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


def _is_hash_upgrade(user: Any, update_fields: Any) -> bool:
    # check_password() re-hashes with the current hasher and saves only the password, with _password
    # cleared: the password itself is unchanged, so the tokens stay.
    return getattr(user, "_password", None) is None and update_fields is not None and set(update_fields) == {"password"}


def _credential_changes(sender: Any, user: Any, update_fields: Any) -> list[str]:
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return []
    stored = sender._default_manager.filter(pk=user.pk).values("password", "is_active").first()
    if stored is None:
        return []
    changes = []
    if stored["password"] != user.password and not _is_hash_upgrade(user, update_fields):
        changes.append("password changed")
    if stored["is_active"] and not user.is_active:
        changes.append("account deactivated")
    return changes


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_credential_change(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None,
                           **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._credential_changes = _credential_changes(sender, instance, update_fields)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_on_credential_change(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    changes = getattr(instance, "_credential_changes", None)
    if created or not changes:
        return
    instance._credential_changes = []
    security_event_record(kind=SecurityEvent.Kind.CREDENTIALS_CHANGED, user=instance, detail=", ".join(changes))
    api_tokens_revoke(user=instance, reason=", ".join(changes))

"""Writes of the core app: security events and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from patentbridge.core.models import ApiToken, SecurityEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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


def api_tokens_revoke(*, user: AbstractBaseUser, reason: str) -> int:
    """Revoke every live token of the user; record it when there was one."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        security_event_record(kind=SecurityEvent.Kind.TOKENS_REVOKED, user=user, detail=f"{count} revoked: {reason}")
    return count

"""Reads of a person's notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from patentbridge.notices.kinds import Delivery, NoticeKind, default_delivery
from patentbridge.notices.models import Notice, NoticePreference

STATES = ("unread", "read")


def inbox(user: Any, state: str = "") -> QuerySet[Notice]:
    """The person's notices, newest first; `state` "unread" or "read" filters (anything else: all)."""
    notices = Notice.objects.filter(recipient=user)
    if state == "unread":
        notices = notices.filter(read_at=None)
    elif state == "read":
        notices = notices.exclude(read_at=None)
    return notices


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at=None).count()


def recent(user: Any, limit: int = 5) -> list[Notice]:
    """The newest notices, read or not (the home page shows them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Notice.objects.filter(recipient=user)[:limit])


def preferences(user: Any) -> list[tuple[str, Any, str, bool]]:
    """(kind, label, delivery, asks to act) for every kind: the person's choice or the kind's default."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, label, chosen.get(kind, default_delivery(kind)), default_delivery(kind) == Delivery.IMMEDIATELY)
            for kind, label in NoticeKind.choices]

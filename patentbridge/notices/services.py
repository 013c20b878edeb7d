"""Writes of notifications: `notify` (the one call every app makes), reading, preferences and e-mail.

E-mail leaves only after the event's transaction commits, so a rolled-back event mails no one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from patentbridge.core.errors import ValidationFailed
from patentbridge.notices.kinds import Delivery, NoticeKind, default_delivery
from patentbridge.notices.models import Notice, NoticePreference
from patentbridge.notices.texts import render

DIGEST_LIMIT = 50  # notices listed in one digest; the rest are counted


def _pk(obj: Any) -> int | None:
    """A model instance's primary key, or the id itself."""
    return obj if isinstance(obj, int) else getattr(obj, "pk", None)


def notify(*, recipients: Iterable[Any], kind: str, params: dict[str, Any], link: str, key: str = "",
           organisation: Any = None, actor: Any = None, mail: bool = True) -> int:
    """One notice per recipient (users or user ids), never to the actor; with a key, never twice for the same
    event and person. Returns how many were created."""
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    ids = {pk for pk in map(_pk, recipients) if pk is not None} - {_pk(actor)}
    if key:
        ids -= set(Notice.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True))
    organisation_id = _pk(organisation)
    rows = [Notice(recipient_id=pk, kind=kind, params=params, link=link, key=key[:200], mail=mail,
                   organisation_id=organisation_id) for pk in sorted(ids)]
    # The unique (recipient, key) constraint settles a race with a concurrent call for the same event.
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and mail:
        recipient_ids = sorted(ids)
        transaction.on_commit(lambda: mail_immediate(recipient_ids))
    return len(rows)


def notice_open(*, user: Any, notice_id: int) -> Notice | None:
    """The person's own notice, marked read."""
    notice = Notice.objects.filter(pk=notice_id, recipient=user).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_read_all(*, user: Any) -> int:
    return Notice.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def preferences_save(*, user: Any, choices: dict[str, str]) -> None:
    """Each kind's delivery; a choice equal to the kind's default removes the stored row."""
    wrong = {kind: value for kind, value in choices.items()
             if kind not in NoticeKind.values or value not in Delivery.values}
    if wrong:
        raise ValidationFailed(details=wrong)
    for kind, value in choices.items():
        if value == default_delivery(kind):
            NoticePreference.objects.filter(user=user, kind=kind).delete()
        else:
            NoticePreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": value})


def _kinds_delivered(user_id: int, delivery: str) -> set[str]:
    chosen = dict(NoticePreference.objects.filter(user_id=user_id).values_list("kind", "delivery"))
    return {kind for kind in NoticeKind.values if chosen.get(kind, default_delivery(kind)) == delivery}


def _pending(user_ids: Iterable[int] | None = None) -> QuerySet[Notice]:
    """Notices still to e-mail (of these people, or of everyone), to people with an address."""
    pending = Notice.objects.filter(emailed_at=None, mail=True)
    if user_ids is not None:
        pending = pending.filter(recipient_id__in=list(user_ids))
    return pending.exclude(Q(recipient__email="") | Q(recipient__is_active=False)).select_related("recipient")


def _mail(user: Any, notices: list[Notice], subject: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [(render(n.kind, n.params), f"{settings.PUBLIC_BASE_URL}{n.get_open_path()}")
                 for n in notices[:DIGEST_LIMIT]]
        body = render_to_string("notices/email.txt", {
            "user": user, "lines": lines, "more": max(0, len(notices) - DIGEST_LIMIT),
            "preferences": f"{settings.PUBLIC_BASE_URL}{Notice.preferences_path()}"})
        send_mail(subject=str(subject), message=body, from_email=settings.DEFAULT_FROM_EMAIL,
                  recipient_list=[user.email])
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())


def mail_immediate(user_ids: Iterable[int]) -> int:
    """E-mail each not-yet-mailed notice that its recipient wants at once, one message per notice."""
    sent, wanted = 0, {}
    for notice in _pending(user_ids).order_by("created_at", "pk"):
        if notice.recipient_id not in wanted:
            wanted[notice.recipient_id] = _kinds_delivered(notice.recipient_id, Delivery.IMMEDIATELY)
        if notice.kind in wanted[notice.recipient_id]:
            with translation.override(settings.LANGUAGE_CODE):
                subject = f"PatentBridge: {NoticeKind(notice.kind).label}"
            _mail(notice.recipient, [notice], subject)
            sent += 1
    return sent


def digests_send() -> int:
    """The daily digest: each person's not-yet-mailed notices of the kinds they want in it, in one message."""
    by_user: dict[int, list[Notice]] = {}
    for notice in _pending().order_by("recipient_id", "-created_at", "-pk"):
        by_user.setdefault(notice.recipient_id, []).append(notice)
    sent = 0
    for user_id, notices in by_user.items():
        wanted = _kinds_delivered(user_id, Delivery.DIGEST)
        chosen = [n for n in notices if n.kind in wanted]
        if chosen:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("PatentBridge: %(count)s new notifications") % {"count": len(chosen)}
            _mail(chosen[0].recipient, chosen, subject)
            sent += 1
    return sent

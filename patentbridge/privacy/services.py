"""Writes: file a request, verify the person's identity, refuse with a reason, answer; an erasure in the same
transaction as its answer. Every step is on the change log (PrivacyRequest is registered with auditlog)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.workdays import add_working_days
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.privacy.models import PrivacyRequest, RequestKind, RequestState
from patentbridge.privacy.registry import BLANK, DELETE, ERASED, GROUNDS, PSEUDONYM, SOURCES, pseudonym
from patentbridge.privacy.selectors import subject_of

S = RequestState
STEPS = frozenset({(S.RECEIVED, S.VERIFIED), (S.RECEIVED, S.REFUSED), (S.VERIFIED, S.DONE), (S.VERIFIED, S.REFUSED)})


def due_date(received_on: dt.date) -> dt.date:
    """The last day to answer: PRIVACY_RESPONSE_WORKING_DAYS working days after receipt ([U], see settings)."""
    return add_working_days(received_on, settings.PRIVACY_RESPONSE_WORKING_DAYS)


def received_on_day(day: dt.date | None) -> dt.datetime | None:
    """A request received outside the platform on `day` counts from that morning (None: received now)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9))) if day else None


def request_file(*, actor: Any, kind: str, details: str = "", subject_user: Any = None, subject_name: str = "",
                 subject_contact: str = "", received_at: dt.datetime | None = None,
                 request: HttpRequest | None = None) -> PrivacyRequest:
    """Record a request: the signed-in person's about themself, or one the officer received for anyone."""
    authorize(actor, Action.PRIVACY_REQUEST_FILE, subject_user, request=request)
    if kind not in RequestKind.values:
        raise ValidationFailed(details={"kind": _("Choose what you ask for.")})
    name = (subject_user.get_full_name() or subject_user.get_username()) if subject_user else subject_name.strip()
    if not name:
        raise ValidationFailed(details={"subject_name": _("Name the person the request is about.")})
    if subject_user is None and not subject_contact.strip():
        raise ValidationFailed(details={"subject_contact": _("Give a way to reach a person without an account.")})
    if kind == RequestKind.CORRECT and not details.strip():
        raise ValidationFailed(details={"details": _("Say what is wrong and what it should be.")})
    received_at = received_at or timezone.now()
    return PrivacyRequest.objects.create(
        kind=kind, subject_user=subject_user, subject_name=name, subject_contact=subject_contact.strip(),
        details=details.strip(), received_at=received_at, due_on=due_date(timezone.localdate(received_at)),
        filed_by=actor)


def _step(privacy_request: PrivacyRequest, to: str) -> None:
    step_require(STEPS, privacy_request.state, to, labels=dict(RequestState.choices))
    privacy_request.state = to


def request_verify(*, actor: Any, privacy_request: PrivacyRequest, note: str,
                   request: HttpRequest | None = None) -> PrivacyRequest:
    """The officer has checked that the request comes from the person (or someone entitled to act for them)."""
    authorize(actor, Action.PRIVACY_HANDLE, privacy_request, request=request)
    if not note.strip():
        raise ValidationFailed(details={"note": _("Say how the identity was checked.")})
    _step(privacy_request, S.VERIFIED)
    privacy_request.verified_by, privacy_request.verified_at = actor, timezone.now()
    privacy_request.verification_note = note.strip()
    privacy_request.save()
    return privacy_request


def request_refuse(*, actor: Any, privacy_request: PrivacyRequest, reason: str,
                   request: HttpRequest | None = None) -> PrivacyRequest:
    """Refuse, with the reason the person is told (PIPL Art 50: a refusal states its reasons)."""
    authorize(actor, Action.PRIVACY_HANDLE, privacy_request, request=request)
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("A refusal must give its reason.")})
    _step(privacy_request, S.REFUSED)
    privacy_request.refusal_reason = reason.strip()
    privacy_request.decided_by, privacy_request.decided_at = actor, timezone.now()
    privacy_request.save()
    return privacy_request


def request_answer(*, actor: Any, privacy_request: PrivacyRequest, answer: str = "",
                   request: HttpRequest | None = None) -> PrivacyRequest:
    """Answer a verified request: the copy is then the person's to download; an erasure runs now, in this
    transaction, and its outcome (what was erased, what stays and why) goes with the answer."""
    authorize(actor, Action.PRIVACY_HANDLE, privacy_request, request=request)
    if privacy_request.kind == RequestKind.CORRECT and not answer.strip():
        raise ValidationFailed(details={"answer": _("Say what was corrected, or refuse with the reason.")})
    _step(privacy_request, S.DONE)
    if privacy_request.kind == RequestKind.ERASE:
        privacy_request.outcome = erase(privacy_request)
    privacy_request.answer = answer.strip()
    privacy_request.decided_by, privacy_request.decided_at = actor, timezone.now()
    privacy_request.save()
    return privacy_request


def _blank(model_field: models.Field) -> Any:
    if isinstance(model_field, models.BooleanField):
        return False
    if isinstance(model_field, models.JSONField):
        return type(model_field.get_default())()
    if model_field.null and not isinstance(model_field, (models.CharField, models.TextField)):
        return None
    return ""


def _erase_row(source: Any, row: Any) -> None:
    if source.on_erase is not None:
        source.on_erase(row)
    _erase_fields(row, source.erase)


def _erase_fields(row: Any, how_by_field: dict[str, str]) -> None:
    for name, how in how_by_field.items():
        if how == PSEUDONYM:
            setattr(row, name, pseudonym(row.pk) if name == "username" else ERASED)
        elif how == BLANK:
            setattr(row, name, _blank(row._meta.get_field(name)))
    row.save()


def erase(privacy_request: PrivacyRequest) -> dict[str, list[dict[str, Any]]]:
    """Blank, replace or delete what may go; keep the rest with its ground and end. Contracts, recordations,
    payments and the audit trail are never deleted. The erasure itself is not copied into the change log (that
    would keep the erased values there); this request's outcome names the rows and fields instead."""
    subject, erased, kept = subject_of(privacy_request), [], []
    with disable_auditlog():
        for source in SOURCES:
            for row in source.find_rows(subject):
                _erase_one(source, row, subject, erased, kept)
    return {"erased": erased, "kept": kept}


def _erase_one(source: Any, row: Any, subject: Any, erased: list, kept: list) -> None:
    pk = row.pk
    if DELETE in source.erase.values():
        row.delete()
        erased.append({"source": source.key, "id": pk, "fields": ["*"]})
        return
    if source.erase:
        _erase_row(source, row)
        erased.append({"source": source.key, "id": pk, "fields": list(source.erase)})
    if source.kept:
        ground = GROUNDS[source.ground or "contract"]
        until = ground.until(source.since(row))
        entry = {"source": source.key, "id": pk, "fields": list(source.kept), "ground": ground.key,
                 "until": until.isoformat() if until else None}
        if source.withhold is not None:
            row.save(update_fields=source.withhold(row, subject))
            entry["withheld"] = True
        kept.append(entry)


def purge_expired(*, today: dt.date | None = None) -> int:
    """When a kept row's retention period has run out, what it kept of the person goes too (PIPL Art 47 ¶1(2)): each
    answered erasure's outcome lists its kept rows with their last day; past it, the source's `at_end` fields are
    erased in place and the entry records the day. A row already gone (the audit trail's, by purge-audit) is marked
    the same. Not copied into the change log, as the erasure itself. Returns the entries purged."""
    today = today or timezone.localdate()
    sources = {source.key: source for source in SOURCES}
    purged = 0
    with disable_auditlog():
        for answered in PrivacyRequest.objects.select_for_update().filter(kind=RequestKind.ERASE,
                                                                           state=RequestState.DONE):
            due = [entry for entry in (answered.outcome or {}).get("kept", [])
                   if entry.get("until") and entry["until"] < today.isoformat() and not entry.get("purged_on")]
            for entry in due:
                source = sources[entry["source"]]
                row = source.model.objects.filter(pk=entry["id"]).first()
                if row is not None and source.at_end:
                    _erase_fields(row, source.at_end)
                entry["purged_on"], entry["purged_fields"] = today.isoformat(), list(source.at_end) if row else []
            if due:
                answered.save(update_fields=["outcome"])
                purged += len(due)
    return purged

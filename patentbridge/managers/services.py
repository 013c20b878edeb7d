"""Writes of the managers app: a manager keeps their own profile and training; the organisation's administrator sets
the grade and the certificate (never their own) and may record training for its managers. Callers own the
transaction; notices leave after it commits; every change is on the audit trail with its actor."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import set_actor
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.managers.models import EVIDENCE_EXTENSIONS, ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.selectors import manager_organisations, profile_or_new
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.models import Industry, IpcEntry

MAX_FIELDS = 20
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
_SPLIT = re.compile(r"[,，、;；\n]+")
_ITEMS = re.compile(r"[,，;；\n]+")
# A GB/T 4754 code at the start of an entry or after 、 (section letter, or 2 to 4 digits); the picker adds the name,
# and names themselves contain 、.
_INDUSTRY_CODE = re.compile(r"(?:^|[、\s])([A-Ta-t]|\d{2,4})(?=$|[\s、])")
PROFILE_FIELDS = ("bio", "public", "ipc_codes", "industries", "tags", "languages")


def split_list(value: Any) -> list[str]:
    """A list typed as text (commas, 、 or semicolons between items) or given as a list: trimmed, no repeats."""
    items = value if isinstance(value, list | tuple) else _SPLIT.split(str(value or ""))
    seen: list[str] = []
    for item in (str(i).strip() for i in items):
        if item and item not in seen:
            seen.append(item)
    return seen


def _ipc_codes(value: Any) -> list[str]:
    """IPC sections, classes or subclasses (H, H01, H01M) that exist in the reference table."""
    codes = [c.split()[0].upper() for c in split_list(value)]
    known = set(IpcEntry.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known or len(c) > 4]
    if unknown:
        raise ValidationFailed(details={"ipc_codes": _("Not an IPC section, class or subclass: %(codes)s")
                                        % {"codes": "、".join(unknown)}})
    return codes


def _industries(value: Any) -> list[Industry]:
    """GB/T 4754 industries by code (the name may follow the code, as the picker fills it)."""
    items = value if isinstance(value, list | tuple) else _ITEMS.split(str(value or ""))
    codes, unknown = [], []
    for item in (str(i).strip() for i in items if str(i).strip()):
        found_codes = [c.upper() for c in _INDUSTRY_CODE.findall(item)]
        codes += [c for c in found_codes if c not in codes]
        unknown += [] if found_codes else [item[:20]]
    found = Industry.objects.in_bulk(codes)
    unknown += [c for c in codes if c not in found]
    if unknown:
        raise ValidationFailed(details={"industries": _("Not a GB/T 4754 industry code: %(codes)s")
                                        % {"codes": "、".join(unknown)}})
    return [found[c] for c in codes]


def _bounded(name: str, items: list[Any]) -> list[Any]:
    if len(items) > MAX_FIELDS:
        raise ValidationFailed(details={name: _("At most %(n)s entries.") % {"n": MAX_FIELDS}})
    return items


def profile_update(*, actor: Any, data: dict[str, Any], request: Any = None) -> ManagerProfile:
    """The manager's own bio, fields of expertise, languages and whether enterprises see the profile (created on
    the first save, for the organisation they manage for)."""
    profile = profile_or_new(actor)
    if profile is None:
        authorize(actor, Action.MANAGER_EDIT, None, request=request)
        raise ValidationFailed(_("You are not a technology manager of any organisation."))
    authorize(actor, Action.MANAGER_EDIT, profile, request=request)
    industries = _bounded("industries", _industries(data["industries"])) if "industries" in data else None
    if "ipc_codes" in data:
        profile.ipc_codes = _bounded("ipc_codes", _ipc_codes(data["ipc_codes"]))
    for name in ("tags", "languages"):
        if name in data:
            setattr(profile, name, _bounded(name, [item[:60] for item in split_list(data[name])]))
    if "bio" in data:
        profile.bio = str(data["bio"] or "").strip()[:2000]
    if "public" in data:
        profile.public = bool(data["public"])
    with set_actor(actor):
        profile.save()
        if industries is not None:
            profile.industries.set(industries)
    return profile


def _profile_for_office(user: Any, organisation: Organisation | None) -> ManagerProfile:
    profile = profile_or_new(user, organisation)
    if profile is None:
        raise ValidationFailed(details={"user": _("This person is not a technology manager of an organisation.")})
    if organisation is not None and profile.organisation_id != organisation.pk:
        raise Conflict(_("This person's profile is kept by another organisation."), code="other_organisation")
    if profile.pk is None and not manager_organisations(user).filter(pk=profile.organisation_id).exists():
        raise ValidationFailed(details={"user": _("This person is not a technology manager of the organisation.")})
    return profile


def rank_set(*, actor: Any, user: Any, rank: str, rank_since: dt.date | None, certificate_number: str = "",
             certificate_issuer: str = "", organisation: Organisation | None = None,
             request: Any = None) -> ManagerProfile:
    """The organisation's administrator records the grade it certified (or none), since when, and the certificate;
    a manager cannot set their own. The manager is told."""
    profile = _profile_for_office(user, organisation)
    authorize(actor, Action.MANAGER_RANK_SET, profile, request=request)
    if rank not in ("", *Rank.values):
        raise ValidationFailed(details={"rank": _("Choose junior, intermediate or senior.")})
    if rank_since is not None and (not rank or rank_since > timezone.localdate()):
        raise ValidationFailed(details={"rank_since": _("A grade is held since a past day, and only with a grade.")})
    changed = profile.rank != rank
    profile.rank, profile.rank_since = rank, rank_since if rank else None
    profile.certificate_number = (certificate_number or "").strip()[:60]
    profile.certificate_issuer = (certificate_issuer or "").strip()[:200]
    with set_actor(actor):
        profile.save()
    if changed:
        params = {"variant": "manager_rank_set", "rank_label": msgid(Rank(rank).label)} if rank else {
            "variant": "manager_rank_cleared"}
        notify(recipients=[profile.user_id], kind=NoticeKind.REVIEW_DECISION, params=params,
               link=reverse("managers:profile", args=[profile.user_id]), organisation=profile.organisation_id,
               actor=actor, key=f"manager_rank:{profile.pk}:{timezone.now().isoformat()}")
    return profile


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(details={"hours": _("Give the hours as a number, e.g. 8 or 1.5.")}) from exc
    if not hours.is_finite() or hours <= 0 or hours > 1000 or hours != hours.quantize(Decimal("0.1")):
        raise ValidationFailed(details={"hours": _("Hours are more than 0 and at most 1000, to one decimal place.")})
    return hours


def _evidence(upload: UploadedFile | None) -> UploadedFile | None:
    if upload is None:
        return None
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationFailed(details={"evidence": _("Upload a PDF, JPG or PNG file.")})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationFailed(details={"evidence": _("The file is larger than 10 MB.")})
    return upload


def training_add(*, actor: Any, user: Any, course: str, provider: str, hours: Any, taken_on: dt.date | None,
                 certificate_number: str = "", evidence: UploadedFile | None = None,
                 organisation: Organisation | None = None, request: Any = None) -> TrainingRecord:
    """Record a course the manager took: by the manager or their organisation's administrator."""
    profile = _profile_for_office(user, organisation)
    authorize(actor, Action.MANAGER_TRAINING_ADD, profile, request=request)
    problems = {name: _("This field is required.") for name, value in (("course", course), ("provider", provider))
                if not str(value or "").strip()}
    if taken_on is None or taken_on > timezone.localdate():
        problems["taken_on"] = _("Give the day the course was taken (not in the future).")
    if problems:
        raise ValidationFailed(details=problems)
    upload = _evidence(evidence)
    record = TrainingRecord(course=str(course).strip()[:200], provider=str(provider).strip()[:200],
                            hours=_hours(hours), taken_on=taken_on, recorded_by=actor,
                            certificate_number=str(certificate_number or "").strip()[:60])
    duplicate = Conflict(_("This course is already recorded for that day."), code="training_duplicate")
    if profile.pk is not None and profile.training.filter(course=record.course, taken_on=taken_on).exists():
        raise duplicate
    try:
        with transaction.atomic(), set_actor(actor):
            if profile.pk is None:
                profile.save()
            record.profile = profile
            if upload is not None:
                record.evidence.save(upload.name, upload, save=False)
            record.save()
    except IntegrityError as exc:  # the same course entered at the same moment by someone else
        if record.evidence:
            record.evidence.delete(save=False)
        raise duplicate from exc
    return record


def training_delete(*, actor: Any, record: TrainingRecord, request: Any = None) -> None:
    """Remove a record entered by mistake (the audit trail keeps it)."""
    authorize(actor, Action.MANAGER_TRAINING_ADD, record.profile, request=request)
    with set_actor(actor):
        if record.evidence:
            record.evidence.delete(save=False)
        record.delete()

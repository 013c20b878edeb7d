"""Writes of patent-intensive product recognition: apply → review (recognise into public notice, or refuse) →
objections during the notice → recognised after it; the yearly re-check; the criteria and the notice period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.permissions import Action, Capability, authorize, user_ids_with
from patentbridge.products.models import Product, ProductStatus
from patentbridge.recognition import assessment, selectors
from patentbridge.recognition.models import (
    RECOGNITION_STEPS,
    Criterion,
    Objection,
    ObjectionStatus,
    Recognition,
    RecognitionSettings,
    RecognitionStatus,
)

# Who takes each step of RECOGNITION_STEPS (the re-check's lapse is the system's, by command).
STEP_ACTIONS = {
    (RecognitionStatus.APPLIED, RecognitionStatus.IN_NOTICE): Action.RECOGNITION_REVIEW,
    (RecognitionStatus.APPLIED, RecognitionStatus.REFUSED): Action.RECOGNITION_REVIEW,
    (RecognitionStatus.APPLIED, RecognitionStatus.WITHDRAWN): Action.RECOGNITION_APPLY,
    (RecognitionStatus.IN_NOTICE, RecognitionStatus.REFUSED): Action.RECOGNITION_REVIEW,
    (RecognitionStatus.IN_NOTICE, RecognitionStatus.RECOGNISED): Action.RECOGNITION_REVIEW,
}
LABELS = dict(RecognitionStatus.choices)
MAX_NOTICE_DAYS = 90


def _step(recognition: Recognition, to: str, *, actor: Any, request: Any = None) -> None:
    """Authorise the actor for the step (None: the system's command), then check the step table."""
    action = STEP_ACTIONS.get((recognition.status, to))
    if actor is not None and action is not None:
        authorize(actor, action, recognition.product if action == Action.RECOGNITION_APPLY else None,
                  request=request)
    step_require(RECOGNITION_STEPS, recognition.status, to, labels=LABELS)


def _save(recognition: Recognition, actor: Any) -> Recognition:
    with set_actor(actor):
        recognition.save()
    return recognition


def _notify_filer(recognition: Recognition, *, actor: Any) -> None:
    """The filer's members hear of each decision on their product (the "review decision" notice)."""
    notify(recipients=user_ids_with(Capability.PROPOSE, [recognition.product.filer_id]),
           kind=NoticeKind.REVIEW_DECISION, link=selectors.recognition_page(recognition),
           key=f"recognition:{recognition.pk}:{recognition.status}", actor=actor,
           organisation=recognition.product.filer_id,
           params={"patent": f"{recognition.product} ({recognition.year})",
                   "decision_label": msgid(LABELS[recognition.status])})


def _require_eligible(product: Product, year: int) -> None:
    eligible, reasons = selectors.recognition_eligibility(product, year)
    if not eligible:
        raise ValidationFailed(_("This product cannot take part in the %(year)s recognition.") % {"year": year},
                               code="not_eligible", details={"eligibility": reasons})


def recognition_apply(*, actor: Any, product: Product, year: int, today: date | None = None,
                      request: Any = None) -> Recognition:
    """Apply for the product's recognition for the year, judged on the previous year's data; refused with the
    reasons when the product may not take part."""
    authorize(actor, Action.RECOGNITION_APPLY, product, request=request)
    today = today or timezone.localdate()
    if not selectors.FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(details={"year": _("Recognition runs yearly from %(first)s to this year.")
                                        % {"first": selectors.FIRST_YEAR}})
    if Recognition.objects.filter(product=product, year=year).exists():
        raise Conflict(_("This product already has an application for %(year)s.") % {"year": year},
                       code="already_applied")
    _require_eligible(product, year)
    recognition = Recognition(product=product, year=year, data=selectors.data_year_of(product, year),
                              applied_by=actor, applied_at=timezone.now())
    try:
        with transaction.atomic():
            return _save(recognition, actor)
    except IntegrityError as exc:  # a second request for the same product and year won the race
        raise Conflict(_("This product already has an application for %(year)s.") % {"year": year},
                       code="already_applied") from exc


def recognition_withdraw(*, actor: Any, recognition: Recognition, request: Any = None) -> Recognition:
    """The filer withdraws an application not yet decided."""
    _step(recognition, RecognitionStatus.WITHDRAWN, actor=actor, request=request)
    recognition.status = RecognitionStatus.WITHDRAWN
    return _save(recognition, actor)


def recognition_recognise(*, actor: Any, recognition: Recognition, note: str = "", today: date | None = None,
                          request: Any = None) -> Recognition:
    """The regulator's decision to recognise: the criteria and figures are frozen on the record and the public
    notice opens for the configured number of days (from today, both ends counted)."""
    _step(recognition, RecognitionStatus.IN_NOTICE, actor=actor, request=request)
    _require_eligible(recognition.product, recognition.year)
    today = today or timezone.localdate()
    days = selectors.recognition_settings().notice_days
    recognition.assessment = assessment.assess(recognition.product, recognition.data, selectors.criteria())
    recognition.status, recognition.decision_note = RecognitionStatus.IN_NOTICE, note.strip()
    recognition.decided_by, recognition.decided_at = actor, timezone.now()
    recognition.notice_from, recognition.notice_until = today, today + timedelta(days=days - 1)
    _save(recognition, actor)
    _notify_filer(recognition, actor=actor)
    return recognition


def recognition_refuse(*, actor: Any, recognition: Recognition, reasons: str, request: Any = None) -> Recognition:
    """The regulator refuses, with reasons: an application on review, or one in notice (its open objections are
    then upheld)."""
    _step(recognition, RecognitionStatus.REFUSED, actor=actor, request=request)
    if not reasons.strip():
        raise ValidationFailed(details={"reasons": _("Give the reasons for the refusal.")})
    if recognition.status == RecognitionStatus.APPLIED:
        recognition.assessment = assessment.assess(recognition.product, recognition.data, selectors.criteria())
    _resolve_open(recognition, ObjectionStatus.UPHELD, reasons, actor=actor)
    recognition.status, recognition.decision_note = RecognitionStatus.REFUSED, reasons.strip()
    recognition.decided_by, recognition.decided_at = actor, timezone.now()
    _save(recognition, actor)
    _notify_filer(recognition, actor=actor)
    return recognition


def objection_record(*, actor: Any, recognition: Recognition, objector: str, grounds: str, received_on: date,
                     request: Any = None) -> Objection:
    """Record an objection received during the public notice."""
    authorize(actor, Action.RECOGNITION_REVIEW, request=request)
    if recognition.status != RecognitionStatus.IN_NOTICE:
        raise Conflict(_("Objections are recorded only while the recognition is in public notice."),
                       code="not_in_notice")
    errors = {}
    if not objector.strip():
        errors["objector"] = _("Name who objects.")
    if not grounds.strip():
        errors["grounds"] = _("State the grounds of the objection.")
    if not recognition.notice_from <= received_on <= recognition.notice_until:
        errors["received_on"] = _("The objection must be received during the notice, %(from)s to %(until)s.") % {
            "from": recognition.notice_from, "until": recognition.notice_until}
    if errors:
        raise ValidationFailed(details=errors)
    objection = Objection(recognition=recognition, objector=objector.strip(), grounds=grounds.strip(),
                          received_on=received_on, recorded_by=actor)
    with set_actor(actor):
        objection.save()
    return objection


def objection_dismiss(*, actor: Any, objection: Objection, resolution: str, request: Any = None) -> Objection:
    """The regulator dismisses an objection, with the reason, so the recognition may be confirmed."""
    authorize(actor, Action.RECOGNITION_REVIEW, request=request)
    if objection.status != ObjectionStatus.OPEN:
        raise Conflict(_("This objection is already resolved."), code="objection_resolved")
    if not resolution.strip():
        raise ValidationFailed(details={"resolution": _("Say why the objection is dismissed.")})
    _resolve(objection, ObjectionStatus.DISMISSED, resolution, actor=actor)
    return objection


def _resolve(objection: Objection, status: str, resolution: str, *, actor: Any) -> None:
    objection.status, objection.resolution = status, resolution.strip()
    objection.resolved_by, objection.resolved_at = actor, timezone.now()
    with set_actor(actor):
        objection.save()


def _resolve_open(recognition: Recognition, status: str, resolution: str, *, actor: Any) -> None:
    for objection in recognition.objections.filter(status=ObjectionStatus.OPEN):
        _resolve(objection, status, resolution, actor=actor)


def recognition_confirm(*, actor: Any, recognition: Recognition, today: date | None = None,
                        request: Any = None) -> Recognition:
    """Mark recognised once the notice has ended with no open objection (a regulator, or the daily command with no
    actor)."""
    _step(recognition, RecognitionStatus.RECOGNISED, actor=actor, request=request)
    today = today or timezone.localdate()
    if today <= recognition.notice_until:
        raise Conflict(_("The public notice runs until %(until)s; confirm after it ends.")
                       % {"until": recognition.notice_until}, code="notice_running")
    if selectors.has_open_objection(recognition):
        raise Conflict(_("An objection is open: dismiss it, or refuse the recognition."), code="objection_open")
    recognition.status, recognition.recognised_on = RecognitionStatus.RECOGNISED, today
    _save(recognition, actor)
    _notify_filer(recognition, actor=actor)
    return recognition


def notices_close(*, today: date | None = None) -> list[Recognition]:
    """The daily step: recognise each recognition whose notice ended before today with no open objection."""
    today = today or timezone.localdate()
    ended = selectors.in_notice().filter(notice_until__lt=today)
    return [recognition_confirm(actor=None, recognition=r, today=today) for r in ended
            if not selectors.has_open_objection(r)]


def lapse_reasons(recognition: Recognition, year: int) -> list[str]:
    """Why a recognised product no longer stands in `year`: revoked (or no longer filed), the previous year's data
    not reported on time, or every linked patent lapsed or left the filer."""
    product = recognition.product
    reasons = []
    if product.status != ProductStatus.FILED:
        reasons.append(_("The product's filing is %(status)s.") % {"status": product.get_status_display()})
    data = selectors.data_year_of(product, year)
    if data is None or not data.on_time:
        reasons.append(_("The data for %(year)s were not reported on time.") % {"year": year - 1})
    if not selectors.patents_still_held(product):
        reasons.append(_("None of the product's linked patents is in force and still held by the filer."))
    return reasons


def recognitions_recheck(*, year: int, today: date | None = None) -> list[Recognition]:
    """The yearly re-check for `year`, after its first-quarter update window: every product still standing as
    recognised for an earlier year lapses, with the reasons, when it fails the re-check; the filer is told."""
    today = today or timezone.localdate()
    if today < date(year, 4, 1):
        raise Conflict(_("The first-quarter update of %(year)s runs until 31 March; re-check from 1 April.")
                       % {"year": year}, code="update_window_open")
    lapsed = []
    for recognition in selectors.recognised().filter(year__lt=year).select_related("product"):
        reasons = lapse_reasons(recognition, year)
        if reasons:
            lapsed.append(_lapse(recognition, reasons, today))
    return lapsed


def _lapse(recognition: Recognition, reasons: list[str], today: date) -> Recognition:
    step_require(RECOGNITION_STEPS, recognition.status, RecognitionStatus.LAPSED, labels=LABELS)
    recognition.status, recognition.lapsed_on, recognition.lapse_reasons = RecognitionStatus.LAPSED, today, reasons
    _save(recognition, None)
    _notify_filer(recognition, actor=None)
    return recognition


def criterion_save(*, actor: Any, criterion: Criterion, request: Any = None) -> Criterion:
    """Save a criterion the platform administrator edited or added (the form has validated its fields)."""
    authorize(actor, Action.RECOGNITION_CRITERIA, request=request)
    if criterion.threshold is not None and criterion.threshold < Decimal("0"):
        raise ValidationFailed(details={"threshold": _("A threshold cannot be negative.")})
    criterion.updated_by = actor
    with set_actor(actor):
        criterion.save()
    return criterion


def notice_days_set(*, actor: Any, days: int, request: Any = None) -> RecognitionSettings:
    """Set the length of the public notice (days)."""
    authorize(actor, Action.RECOGNITION_CRITERIA, request=request)
    if not 1 <= days <= MAX_NOTICE_DAYS:
        raise ValidationFailed(details={"notice_days": _("Between 1 and %(max)s days.") % {"max": MAX_NOTICE_DAYS}})
    found = selectors.recognition_settings()
    found.notice_days, found.updated_by = days, actor
    with set_actor(actor):
        found.save()
    return found

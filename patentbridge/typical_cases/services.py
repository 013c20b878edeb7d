"""Writes of typical cases: the office drafts one from its own completed conversion, edits and submits it; the
regulator publishes it, returns it with reasons, or withdraws a published one. Every step follows STEPS; callers own
the transaction, and the notices leave after it commits."""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import Deal
from patentbridge.licensing.models import OpenLicence
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import City, Membership
from patentbridge.orgs.permissions import (
    TYPICAL_CASE_OFFICE_ROLES,
    TYPICAL_CASE_REVIEWER_ROLES,
    Action,
    authorize,
)
from patentbridge.patents.models import Industry
from patentbridge.typical_cases import selectors
from patentbridge.typical_cases.models import EDITABLE_STATUSES, TypicalCase, TypicalCaseStatus, TypicalCaseStep

S = TypicalCaseStatus
# The lifecycle: each allowed (from, to) step. Nothing else is allowed.
STEPS = frozenset({(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.SUBMITTED), (S.SUBMITTED, S.PUBLISHED),
                   (S.SUBMITTED, S.RETURNED), (S.PUBLISHED, S.WITHDRAWN)})
# Who takes the step into each status: the office submits, the regulator alone decides.
STEP_ACTIONS = {S.SUBMITTED: Action.TYPICAL_CASE_DRAFT, S.PUBLISHED: Action.TYPICAL_CASE_REVIEW,
                S.RETURNED: Action.TYPICAL_CASE_REVIEW, S.WITHDRAWN: Action.TYPICAL_CASE_REVIEW}
# Steps whose reason the office or the public must read.
NEEDS_REASON = frozenset({S.RETURNED, S.WITHDRAWN})
# What the office writes; the parties, the route and the patents come from the conversion itself.
TEXT_FIELDS = ("title", "summary", "background", "approach", "outcome", "lessons", "counterparty_alias")
VALUE_FIELDS = ("products_launched", "sales", "jobs_created", "amount", "concluded_on", "starts_on", "ends_on")
CONSENT_FIELDS = ("counterparty_consents", "amount_consented")
# What a case must tell before the regulator sees it.
REQUIRED_TO_SUBMIT = ("title", "summary", "background", "approach", "outcome", "lessons")


def typical_case_draft(*, actor: Any, deal: Deal | None = None, open_licence: OpenLicence | None = None,
                       data: dict[str, Any], request: Any = None) -> TypicalCase:
    """A new draft told of one of the organisation's own completed conversions, pre-filled from its record."""
    source = _source(deal, open_licence)
    authorize(actor, Action.TYPICAL_CASE_DRAFT, source.organisation, request=request)
    _require_converted(source)
    case = TypicalCase(organisation=source.organisation, counterparty=source.counterparty, route=source.route,
                       deal=source.deal, open_licence=source.open_licence, created_by=actor)
    _apply(case, {**source.initial, **data})
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # another request told the same conversion a moment ago
        raise Conflict(_("This conversion already has a typical case."), code="already_told") from exc
    case.patents.set(source.patents)
    return case


def _source(deal: Deal | None, open_licence: OpenLicence | None) -> selectors.Source:
    if (deal is None) == (open_licence is None):
        raise ValidationFailed(details={"source": _("Name one deal or one open licence.")})
    return selectors.deal_source(deal) if deal is not None else selectors.open_licence_source(open_licence)


def _require_converted(source: selectors.Source) -> None:
    """Only a completed conversion is a case: a recorded or performed licence, transfer or equity investment, or a
    paid open licence."""
    ok = (selectors.converted_deals([source.organisation.pk]).filter(pk=source.deal.pk).exists() if source.deal
          else selectors.taken_open_licences([source.organisation.pk]).filter(pk=source.open_licence.pk).exists())
    if not ok:
        raise Conflict(_("Only a completed conversion not yet told as a case can be drafted: a recorded licence, "
                         "transfer or equity investment, or an open licence taken and paid."),
                       code="not_a_completed_conversion")


def typical_case_update(*, actor: Any, case: TypicalCase, data: dict[str, Any], request: Any = None) -> TypicalCase:
    """The office's changes to a draft or a returned case."""
    authorize(actor, Action.TYPICAL_CASE_DRAFT, case, request=request)
    if case.status not in EDITABLE_STATUSES:
        raise Conflict(_("Only a draft or a returned case can be changed."), code="not_editable",
                       details={"status": case.status})
    _apply(case, data)
    case.save()
    return case


def _apply(case: TypicalCase, data: dict[str, Any]) -> None:
    """Set what the office wrote and check the whole case (field limits and the table's constraints)."""
    for name in TEXT_FIELDS:
        if name in data:
            setattr(case, name, (data[name] or "").strip())
    for name in VALUE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    for name in CONSENT_FIELDS:
        if name in data:
            setattr(case, name, bool(data[name]))
    if "industry" in data:
        case.industry = _industry(data["industry"])
    if "city" in data:
        case.city = _city(data["city"])
    try:
        case.full_clean(exclude=["deal", "open_licence", "organisation", "counterparty", "created_by"])
    except ValidationError as exc:
        raise ValidationFailed(details=exc.message_dict) from exc
    if case.starts_on and case.ends_on and case.ends_on < case.starts_on:
        raise ValidationFailed(details={"ends_on": _("The end comes before the start.")})


def _industry(code: Any) -> Industry | None:
    """A GB/T 4754 code at any level: a section letter (C), or a division to a class with or without its section
    letter (38, C3841)."""
    code = str(code or "").strip().upper()
    if len(code) > 1 and code[0].isalpha():
        code = code[1:]
    if not code:
        return None
    industry = Industry.objects.filter(code=code).first()
    if industry is None:
        raise ValidationFailed(details={"industry": _("No GB/T 4754-2017 industry has this code.")})
    return industry


def _city(code: Any) -> City | None:
    if not code:
        return None
    city = City.objects.filter(pk=str(code)).first()
    if city is None:
        raise ValidationFailed(details={"city": _("No Guangdong city has this code.")})
    return city


def typical_case_submit(*, actor: Any, case: TypicalCase, request: Any = None) -> TypicalCase:
    """Send a draft (or a returned case) to the regulator, once it tells the whole story."""
    return _step(actor, case, S.SUBMITTED, "", request)


def typical_case_publish(*, actor: Any, case: TypicalCase, note: str = "", request: Any = None) -> TypicalCase:
    """The regulator approves the case and publishes it on the public list."""
    return _step(actor, case, S.PUBLISHED, note, request)


def typical_case_return(*, actor: Any, case: TypicalCase, reasons: str, request: Any = None) -> TypicalCase:
    """The regulator sends the case back to its office with reasons."""
    return _step(actor, case, S.RETURNED, reasons, request)


def typical_case_withdraw(*, actor: Any, case: TypicalCase, reason: str, request: Any = None) -> TypicalCase:
    """The regulator takes a published case off the public list, with the reason."""
    return _step(actor, case, S.WITHDRAWN, reason, request)


def _step(actor: Any, case: TypicalCase, to: str, note: str, request: Any) -> TypicalCase:
    if to not in STEP_ACTIONS:
        raise ValidationFailed(details={"to": _("No such status.")})
    authorize(actor, STEP_ACTIONS[to], case, request=request)
    case = TypicalCase.objects.select_for_update().get(pk=case.pk)  # a second reviewer waits, then sees the step
    came_from = case.status
    step_require(STEPS, came_from, to, labels=dict(S.choices))
    note = (note or "").strip()
    if to in NEEDS_REASON and not note:
        raise ValidationFailed(_("A return or a withdrawal needs its reason."), details={"note": _("Give the reason.")})
    if to == S.SUBMITTED:
        _require_complete(case)
    _set_status(case, to, note)
    with set_actor(actor):
        case.save()
    TypicalCaseStep.objects.create(case=case, from_status=came_from, to_status=to, note=note, actor=actor)
    _notify(actor, case, to)
    return case


def _require_complete(case: TypicalCase) -> None:
    missing = {name: _("Write this before submitting.") for name in REQUIRED_TO_SUBMIT if not getattr(case, name)}
    if missing:
        raise ValidationFailed(_("The case is not complete."), details=missing)


def _set_status(case: TypicalCase, to: str, note: str) -> None:
    now = timezone.now()
    case.status = to
    if to == S.SUBMITTED:
        case.submitted_at = now
    elif to == S.PUBLISHED:
        case.published_at, case.review_note = now, note
    elif to == S.RETURNED:
        case.review_note = note
    elif to == S.WITHDRAWN:
        case.withdrawal_reason = note


def _notify(actor: Any, case: TypicalCase, to: str) -> None:
    """Submissions to every regulator; decisions to the case's office."""
    roles = TYPICAL_CASE_REVIEWER_ROLES if to == S.SUBMITTED else TYPICAL_CASE_OFFICE_ROLES
    people = Membership.objects.filter(role__in=roles, user__is_active=True)
    if to != S.SUBMITTED:
        people = people.filter(organisation_id=case.organisation_id)
    link = reverse("typical_cases:detail", args=[case.pk])
    notify(recipients=people.values_list("user_id", flat=True), kind=NoticeKind.REVIEW_DECISION,
           params={"variant": f"typical_case_{to}", "case": case.title, "status_label": msgid(S(to).label)},
           link=link, key=f"typical_case:{case.pk}:{to}:{case.steps.count()}", organisation=case.organisation,
           actor=actor)

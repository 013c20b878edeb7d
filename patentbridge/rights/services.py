"""Writes of rights. A grant binds the patent only if it clashes with no binding grant (rights.rules); the patent
row is locked first, so two grants decided at the same moment are decided one after the other. Callers own the
transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.validators import check_forward_date, check_past_event
from patentbridge.orgs.models import Organisation, Region
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.models import Patent, PatentApplicant
from patentbridge.rights.models import (
    OWNERSHIP,
    FeeStatus,
    Grant,
    GrantKind,
    GrantStatus,
    Pledge,
    Suspension,
    SuspensionGround,
)
from patentbridge.rights.rules import Clash
from patentbridge.rights.selectors import clashes
from patentbridge.rights.signals import grant_recorded


def clash_details(found: list[Clash]) -> list[dict[str, str]]:
    return [{"rule": c.rule, "article": c.article, "message": str(c.message)} for c in found]


def grant_bind(*, patent: Patent, kind: str, grantor: Organisation, grantee: Organisation | None, territory: Region,
               starts_on: date, ends_on: date | None, signed_on: date, pledgee_consent: bool = False,
               co_owners_consent: bool = False) -> Grant:
    """Bind the patent with a new grant, or raise Conflict naming every grant it would clash with."""
    if kind not in GrantKind.values:
        raise ValidationFailed(details={"kind": _("Unknown grant kind.")})
    Patent.objects.select_for_update().filter(pk=patent.pk).first()
    found = clashes(patent=patent, kind=kind, territory_lo=territory.lo, territory_hi=territory.hi,
                    starts_on=starts_on, ends_on=ends_on)
    if found:
        raise Conflict(_("The grant conflicts with the rights that bind this patent."), code="rights_conflict",
                       details={"conflicts": clash_details(found)})
    grant = Grant(patent=patent, kind=kind, grantor=grantor, grantee=grantee, territory=territory,
                  territory_lo=territory.lo, territory_hi=territory.hi, starts_on=starts_on, ends_on=ends_on,
                  signed_on=signed_on, pledgee_consent=pledgee_consent, co_owners_consent=co_owners_consent)
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError as error:  # PostgreSQL's exclusion constraints: a grant decided in another transaction
        raise Conflict(_("The grant conflicts with the rights that bind this patent."), code="rights_conflict",
                       details={"constraint": str(error).splitlines()[0][:200]}) from error
    return grant


def grant_end(grant: Grant, on: date) -> Grant:
    """The grant no longer binds from this day (terminated, completed, withdrawn). A declaration's period ends
    with it; a licence keeps its contractual period in the record."""
    if grant.status == GrantStatus.ENDED:
        return grant
    grant.status, grant.ended_on = GrantStatus.ENDED, on
    if grant.kind == GrantKind.OPEN_DECLARATION:
        grant.ends_on = max(on, grant.starts_on)
    grant.save(update_fields=["status", "ended_on", "ends_on"])
    return grant


def grant_recorded_on(*, actor: Any, grant: Grant, on: date) -> Grant:
    """Its recordation or transfer registration was recorded: a transfer or equity contribution moves the patent
    (Patent Law Art 10), and the apps above are told (rights.signals.grant_recorded)."""
    grant = Grant.objects.select_for_update(of=("self",)).select_related("grantee", "patent").get(pk=grant.pk)
    if grant.recorded_on is not None:
        return grant
    grant.recorded_on = on
    with set_actor(actor):
        grant.save(update_fields=["recorded_on"])
        if grant.kind in OWNERSHIP:
            _transfer_ownership(grant)
    grant_recorded.send(sender=Grant, grant=grant, on=on, actor=actor)
    return grant


def _transfer_ownership(grant: Grant) -> None:
    """The grantee replaces every owner, each of which consented when the grant was signed."""
    patent, grantee = grant.patent, grant.grantee
    links = list(PatentApplicant.objects.filter(patent=patent).order_by("position"))
    first, rest = links[0], links[1:]
    PatentApplicant.objects.filter(pk__in=[link.pk for link in rest]).delete()
    first.organisation, first.name = grantee, grantee.name
    first.save(update_fields=["organisation", "name"])
    patent.applicant_names = [grantee.name]
    patent.save(update_fields=["applicant_names"])


# ---------------------------------------------------------------------------------------------- pledges

def _date(data: dict[str, Any], key: str, *, required: bool) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ValidationFailed(details={key: _("This date is required.")})
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationFailed(details={key: _("Give a date as YYYY-MM-DD.")}) from error


def _too_long(**texts: tuple[str, int]) -> dict[str, str]:
    """Texts longer than their column, refused by name rather than cut without a word."""
    return {key: _("At most %(n)s characters.") % {"n": limit} for key, (text, limit) in texts.items()
            if len(text) > limit}


def pledge_register(*, actor: Any, patent: Patent, data: dict[str, Any], request: Any = None) -> Pledge:
    """Record a pledge registered with CNIPA: by the patentee's or the pledgee's committing member."""
    owners = patent.owner_org_ids()
    if not owners:
        raise ValidationFailed(details={"patent": _("The patent has no owner on the platform.")})
    pledgee = Organisation.objects.filter(pk=data.get("pledgee_id")).first() if data.get("pledgee_id") else None
    name = (pledgee.name if pledgee else str(data.get("pledgee_name") or "")).strip()
    try:
        amount = Decimal(str(data.get("amount")))
    except (InvalidOperation, ValueError) as error:
        raise ValidationFailed(details={"amount": _("Give the secured amount in RMB.")}) from error
    errors = {}
    if not name:
        errors["pledgee_name"] = _("Name the pledgee.")
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        errors["amount"] = _("The secured amount must be positive.")
    number = str(data.get("registration_number") or "").strip()
    if not number:
        errors["registration_number"] = _("Give CNIPA's pledge registration number.")
    errors.update(_too_long(pledgee_name=(name, 200), registration_number=(number, 60)))
    if errors:
        raise ValidationFailed(details=errors)
    pledge = Pledge(patent=patent, pledgor_id=owners[0], pledgee=pledgee, pledgee_name=name,
                    amount=amount.quantize(Decimal("0.01")), registration_number=number,
                    registered_on=_date(data, "registered_on", required=True),
                    ends_on=_date(data, "ends_on", required=False), recorded_by=actor)
    if pledge.ends_on and pledge.ends_on < pledge.registered_on:
        raise ValidationFailed(details={"ends_on": _("The end is before the registration.")})
    check_past_event(pledge.registered_on, "registered_on")
    check_forward_date(pledge.ends_on, "ends_on")
    authorize(actor, Action.PLEDGE_RECORD, pledge, request=request)
    if Pledge.objects.filter(registration_number=pledge.registration_number).exists():
        raise Conflict(_("A pledge with this registration number is already recorded."), code="duplicate")
    with set_actor(actor):
        pledge.save()
    return pledge


def pledge_release(*, actor: Any, pledge: Pledge, on: date, request: Any = None) -> Pledge:
    """Record the registered release: by the pledgee (whose security it is) or a platform administrator."""
    authorize(actor, Action.PLEDGE_RELEASE, pledge, request=request)
    if pledge.released_on is not None:
        raise Conflict(_("The pledge is already released."), code="already_released")
    if on < pledge.registered_on:
        raise ValidationFailed(details={"released_on": _("The release is before the registration.")})
    check_past_event(on, "released_on")
    pledge.released_on = on
    with set_actor(actor):
        pledge.save(update_fields=["released_on"])
    return pledge


# ---------------------------------------------------------------------------------------------- suspensions

def suspension_register(*, actor: Any, patent: Patent, data: dict[str, Any], request: Any = None) -> Suspension:
    """Record CNIPA's suspension of the patent's procedures (IR Art 103 or 104): platform administrators only."""
    authorize(actor, Action.SUSPENSION_RECORD, patent, request=request)
    ground = data.get("ground")
    if ground not in SuspensionGround.values:
        raise ValidationFailed(details={"ground": _("Choose the ground of the suspension.")})
    reference = str(data.get("reference") or "").strip()
    if not reference:
        raise ValidationFailed(details={"reference": _("Give the notice or court order number.")})
    if too_long := _too_long(reference=(reference, 100)):
        raise ValidationFailed(details=too_long)
    suspension = Suspension(patent=patent, ground=ground, reference=reference,
                            started_on=_date(data, "started_on", required=True), recorded_by=actor)
    check_past_event(suspension.started_on, "started_on")
    with set_actor(actor):
        suspension.save()
    return suspension


def suspension_lift(*, actor: Any, suspension: Suspension, on: date, request: Any = None) -> Suspension:
    authorize(actor, Action.SUSPENSION_RECORD, suspension.patent, request=request)
    if suspension.lifted_on is not None:
        raise Conflict(_("The suspension is already lifted."), code="already_lifted")
    if on < suspension.started_on:
        raise ValidationFailed(details={"lifted_on": _("The lifting is before the suspension.")})
    check_past_event(on, "lifted_on")
    suspension.lifted_on = on
    with set_actor(actor):
        suspension.save(update_fields=["lifted_on"])
    return suspension


# ---------------------------------------------------------------------------------------------- annual fees

def fee_status_set(*, patent: Patent, next_year: int | None, next_due_on: date | None,
                   late_until: date | None) -> FeeStatus:
    """The pool's reading of the recorded payments: the next unpaid fee and its late window (None: all paid)."""
    status, _created = FeeStatus.objects.update_or_create(
        patent=patent, defaults={"next_year": next_year, "next_due_on": next_due_on, "late_until": late_until})
    return status


def fee_status_clear(patent: Patent) -> None:
    """No payment is recorded any longer: the platform no longer tracks the fees."""
    FeeStatus.objects.filter(patent=patent).delete()

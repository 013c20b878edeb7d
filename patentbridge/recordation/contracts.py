"""Writes of technology-contract registration (技术合同认定登记, rules.md §2.3): the contract behind a signed deal or
licence, its registration by a party, the regulator's plausibility check, royalties that grow its turnover, and its
cancellation when the contract ended early. Every status change follows CONTRACT_STEPS and leaves a transition.
Callers own the transaction."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.models import City, Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.models import Patent
from patentbridge.recordation.models import (
    ContractStatus,
    RoyaltyReceipt,
    TechContractRegistration,
    TechContractTransition,
    TechContractType,
)
from patentbridge.rights.models import LICENCES, Grant

S = ContractStatus
CEILING = Decimal("1e12")  # the amount columns' 14 digits


class By(StrEnum):
    """Who takes a registration step."""

    PARTY = "party"  # a committing member of either party (Action.TECH_CONTRACT_REGISTER)
    REGULATOR = "regulator"  # a regulator (Action.KPI_CONFIRM)
    ROYALTIES = "royalties"  # received royalties lift a counted contract above the plausibility bound


# The registration lifecycle: each allowed (from, to) step and who takes it. Nothing else is allowed. A pending
# contract of a deal that ended is simply never registered (registration is applied for within the contract's
# validity), so nothing cancels it.
CONTRACT_STEPS: dict[tuple[str, str], By] = {
    (S.PENDING, S.COUNTED): By.PARTY,  # registered, within the plausibility bound
    (S.PENDING, S.HELD): By.PARTY,  # registered, above it: waits for the regulator
    (S.HELD, S.COUNTED): By.REGULATOR,
    (S.HELD, S.REJECTED): By.REGULATOR,
    (S.COUNTED, S.HELD): By.ROYALTIES,
    (S.COUNTED, S.CANCELLED): By.PARTY,
    (S.HELD, S.CANCELLED): By.PARTY,
    (S.REJECTED, S.CANCELLED): By.PARTY,
}
CONTRACT_TRANSITIONS: dict[str, set[str]] = {s: {to for (frm, to) in CONTRACT_STEPS if frm == s} for s in S}


def _limit() -> Decimal:
    return Decimal(str(settings.KPI_PLAUSIBILITY_LIMIT))


def _move(contract: TechContractRegistration, to: str, *, by: By, actor: Any, note: str = "") -> None:
    if CONTRACT_STEPS.get((contract.status, to)) != by:
        raise Conflict(_("The registration cannot go from “%(frm)s” to “%(to)s”.")
                       % {"frm": S(contract.status).label, "to": S(to).label}, code="invalid_transition",
                       details={"status": contract.status,
                                "allowed": sorted(t for t in CONTRACT_TRANSITIONS[contract.status]
                                                  if CONTRACT_STEPS[(contract.status, t)] == by)})
    TechContractTransition.objects.create(contract=contract, from_status=contract.status, to_status=to,
                                          note=note[:500], actor=actor)
    contract.status = to


# ---------------------------------------------------------------------------------------------- the contract

def contract_for_grant(grant: Grant, *, amount: Decimal) -> TechContractRegistration:
    """The licence or transfer contract behind a signed grant, awaiting its registration."""
    contract, _created = TechContractRegistration.objects.get_or_create(grant=grant, defaults={
        "patent": grant.patent, "seller": grant.grantor, "buyer": grant.grantee, "contract_amount": amount,
        "technology_amount": amount, "agreed_amount": amount, "city": grant.grantor.city,
        "contract_type": TechContractType.LICENCE if grant.kind in LICENCES else TechContractType.TRANSFER,
        "subject": grant.patent.title[:200], "signed_on": grant.signed_on})
    return contract


def contract_for_service(*, contract_type: str, seller: Organisation, buyer: Organisation, subject: str,
                         amount: Decimal, signed_on: date, patent: Patent | None = None) -> TechContractRegistration:
    """A signed development, consulting or service contract (no patent right moves), awaiting its registration."""
    if contract_type not in (TechContractType.DEVELOPMENT, TechContractType.CONSULTING, TechContractType.SERVICE):
        raise ValidationFailed(details={"contract_type": _("Not a development, consulting or service contract.")})
    return TechContractRegistration.objects.create(
        patent=patent, seller=seller, buyer=buyer, contract_type=contract_type, subject=subject[:200],
        signed_on=signed_on, contract_amount=amount, technology_amount=amount, agreed_amount=amount, city=seller.city)


def contract_ended_early(contract: TechContractRegistration, *, on: date) -> TechContractRegistration:
    """The contract ended before it was performed (its deal was terminated): its registration may be cancelled."""
    if contract.ended_early_on is None:
        contract.ended_early_on = on
        contract.save(update_fields=["ended_early_on"])
    return contract


# ---------------------------------------------------------------------------------------------- registration

def contract_register(*, actor: Any, contract: TechContractRegistration, number: str, registered_on: date,
                      city: str | None = None, today: date | None = None,
                      request: Any = None) -> TechContractRegistration:
    """Enter the registration a registering office made of the contract, for either party. It counts toward the
    figures now, or waits for a regulator when its amount is above the plausibility bound (KPI_PLAUSIBILITY_LIMIT)."""
    authorize(actor, Action.TECH_CONTRACT_REGISTER, contract, request=request)
    contract = TechContractRegistration.objects.select_for_update().select_related("seller").get(pk=contract.pk)
    if contract.status != S.PENDING:
        raise Conflict(_("This contract is already registered."), code="already_registered",
                       details={"status": contract.status})
    if contract.ended_early_on is not None:
        raise Conflict(_("The contract has ended: registration is applied for while a contract is in force."),
                       code="contract_ended")
    office = _office(city, contract.seller)
    number = "".join(str(number or "").split())
    _check_registration(contract, number=number, registered_on=registered_on, office=office,
                        today=today or timezone.localdate())
    contract.registration_number, contract.registered_on, contract.city = number, registered_on, office
    contract.registered_by = actor
    _move(contract, S.HELD if contract.contract_amount > _limit() else S.COUNTED, by=By.PARTY, actor=actor)
    try:
        with transaction.atomic(), set_actor(actor):
            contract.save()
    except IntegrityError as error:  # the same number entered in another transaction
        raise _duplicate() from error
    return contract


def _office(code: str | None, seller: Organisation) -> City:
    office = City.objects.filter(pk=code).first() if code else seller.city
    if office is None:
        raise ValidationFailed(details={"city": _("Name the city of the registering office.")})
    return office


def _duplicate() -> Conflict:
    return Conflict(_("Another contract is registered under this number."), code="duplicate_number")


def _check_registration(contract: TechContractRegistration, *, number: str, registered_on: date, office: City,
                        today: date) -> None:
    errors = {}
    match = re.fullmatch(settings.TECH_CONTRACT_NUMBER_PATTERN, number)
    if match is None:
        errors["registration_number"] = _("This is not a registration number of the configured form.")
    else:
        errors.update(_number_parts(match.groupdict(), registered_on, office))
    if registered_on > today:
        errors["registered_on"] = _("The registration date is in the future.")
    elif contract.signed_on and registered_on < contract.signed_on:
        errors["registered_on"] = _("The registration date is before the contract was signed.")
    if errors:
        raise ValidationFailed(details=errors)
    if TechContractRegistration.objects.filter(registration_number=number).exclude(pk=contract.pk).exists():
        raise _duplicate()


def _number_parts(parts: dict[str, str | None], registered_on: date, office: City) -> dict[str, str]:
    """The year and region a number carries, where the configured pattern names them."""
    errors = {}
    year, region = parts.get("year"), parts.get("region")
    if year and not str(registered_on.year).endswith(year):
        errors["registration_number"] = _("The number's year does not match the registration date.")
    if region and office.code[:len(region)] != region:
        errors["city"] = _("The number's region code does not match the registering office's city.")
    return errors


def contract_confirm(*, actor: Any, contract: TechContractRegistration, accept: bool, note: str = "",
                     request: Any = None) -> TechContractRegistration:
    """A regulator counts a held contract, or rejects it, with their name on the decision."""
    authorize(actor, Action.KPI_CONFIRM, contract, request=request)
    contract = TechContractRegistration.objects.select_for_update().get(pk=contract.pk)
    if contract.status != S.HELD:
        raise Conflict(_("Only a contract held for confirmation can be confirmed or rejected."),
                       code="not_held", details={"status": contract.status})
    if not accept and not note.strip():
        raise ValidationFailed(details={"note": _("Say why the contract is not counted.")})
    _move(contract, S.COUNTED if accept else S.REJECTED, by=By.REGULATOR, actor=actor, note=note.strip())
    contract.confirmed_by, contract.confirmed_at, contract.confirmation_note = actor, timezone.now(), note.strip()
    with set_actor(actor):
        contract.save()
    return contract


def contract_cancel(*, actor: Any, contract: TechContractRegistration, reason: str, on: date | None = None,
                    request: Any = None) -> TechContractRegistration:
    """Cancel the registration of a contract that ended early (注销登记), for either party, with the reason; a
    cancelled contract no longer counts toward the figures."""
    authorize(actor, Action.TECH_CONTRACT_REGISTER, contract, request=request)
    contract = TechContractRegistration.objects.select_for_update().get(pk=contract.pk)
    on = on or timezone.localdate()
    if contract.ended_early_on is None:
        raise Conflict(_("Only the registration of a contract that ended early can be cancelled."),
                       code="contract_not_ended")
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Say why the registration is cancelled.")})
    if on > timezone.localdate():
        raise ValidationFailed(details={"cancelled_on": _("The cancellation date is in the future.")})
    if contract.registered_on and on < contract.registered_on:
        raise ValidationFailed(details={"cancelled_on": _("The cancellation is before the registration.")})
    _move(contract, S.CANCELLED, by=By.PARTY, actor=actor, note=reason.strip())
    contract.cancelled_on, contract.cancellation_reason = on, reason.strip()[:500]
    with set_actor(actor):
        contract.save()
    return contract


# ---------------------------------------------------------------------------------------------- royalties

def contract_royalty_received(*, contract: TechContractRegistration, amount: Decimal, received_on: date,
                              reference: str, actor: Any = None) -> TechContractRegistration:
    """Royalties received under the contract (once per reference). Its amounts become the larger of the amount
    agreed at signing and all royalties received, so an entry fee recorded among the receipts is not counted twice;
    a counted contract lifted above the plausibility bound waits for the regulator again."""
    contract = TechContractRegistration.objects.select_for_update().get(pk=contract.pk)
    if amount <= 0 or RoyaltyReceipt.objects.filter(contract=contract, reference=reference).exists():
        return contract
    received = contract.royalties_received + amount
    total = max(contract.agreed_amount, received)
    if total >= CEILING:
        raise ValidationFailed(details={"amount": _("The contract's amount would exceed what can be recorded.")})
    RoyaltyReceipt.objects.create(contract=contract, amount=amount, received_on=received_on, reference=reference)
    contract.technology_amount += total - contract.contract_amount
    contract.contract_amount, contract.royalties_received = total, received
    if contract.status == S.COUNTED and contract.confirmed_by_id is None and total > _limit():
        _move(contract, S.HELD, by=By.ROYALTIES, actor=actor,
              note=_("Royalties received lift the amount above the plausibility bound."))
    with set_actor(actor):
        contract.save()
    return contract


"""Writes of a patent's upkeep records: the annual-fee reduction, annual-fee payments, the state-funded project and
its yearly implementation reports, and standard-essential declarations.

Callers decide who may write (orgs.permissions, Action.POOL_MAINTAIN on selectors.patent_keeping) and own the
transaction. Every write is change-logged by auditlog with its actor.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.patents.models import Patent
from patentbridge.pool.config import fee_schedule
from patentbridge.pool.fee_status import fee_status_refresh
from patentbridge.pool.fees import FeeDue, FeePeriodExpired, fee_due, last_fee_year, late_surcharge, patent_year
from patentbridge.pool.models import (
    FeePayment,
    FeeReduction,
    FundedProject,
    ImplementationMode,
    ImplementationReport,
    PoolEntry,
    StandardDeclaration,
)

ZERO = Decimal("0.00")
FIRST_REPORT_YEAR = 1990


def _too_long(model: type, values: dict[str, str]) -> dict[str, str]:
    limits = {name: model._meta.get_field(name).max_length for name in values}
    return {name: _("At most %(limit)d characters.") % {"limit": limits[name]}
            for name, value in values.items() if len(value) > limits[name]}


# ---------------------------------------------------------------- the annual-fee reduction (专利收费减缴)


def _owner_count(patent: Patent) -> int:
    return len(patent.applicant_links.all()) or len(patent.applicant_names)


def fee_reduction_set(*, actor: Any, entry: PoolEntry, reduction: str) -> PoolEntry:
    """Record the patent's annual-fee reduction; "none" clears it. rules.md §10.3: 85 % for a single owner,
    70 % for co-owners who each qualify."""
    if reduction not in FeeReduction.values:
        raise ValidationFailed(details={"reduction": _("Choose no reduction, the single-owner or the co-owner one.")})
    owners = _owner_count(entry.patent)
    if reduction == FeeReduction.SINGLE and owners > 1:
        raise ValidationFailed(details={"reduction": _(
            "The single-owner reduction needs a patent with one owner; co-owners who each qualify get the "
            "co-owner reduction.")})
    if reduction == FeeReduction.JOINT and owners < 2:
        raise ValidationFailed(details={"reduction": _(
            "The co-owner reduction needs a patent with several owners; a single owner gets the single-owner "
            "reduction.")})
    entry.fee_reduction = reduction
    with set_actor(actor):
        entry.save(update_fields=["fee_reduction", "updated_at"])
    return entry


# ---------------------------------------------------------------- annual-fee payments


def fee_payment_record(*, actor: Any, patent: Patent, year: int, amount: Decimal, paid_on: date,
                       surcharge: Decimal = ZERO, today: date | None = None,
                       replaces: FeePayment | None = None) -> FeePayment:
    """Record one annual-fee payment: the one function every caller (pages, API, corrections) goes through.

    Refused: a patent not granted, a year outside its fee years, a negative amount, a date in the future, a
    payment after the late-payment period (the patent had terminated), a surcharge other than the surcharge
    table's for the days late (pool/fees.late_surcharge), and a second standing payment of the same year."""
    _fee_checked(patent=patent, year=year, amount=amount, surcharge=surcharge, paid_on=paid_on,
                 today=today or timezone.localdate())
    try:
        # A savepoint: the unique constraint guards against two requests at once, and its failure must leave
        # the caller's transaction usable (PostgreSQL aborts the whole transaction otherwise).
        with transaction.atomic(), set_actor(actor):
            payment = FeePayment.objects.create(patent=patent, year=year, amount=amount, surcharge=surcharge,
                                                paid_on=paid_on, recorded_by=actor, replaces=replaces)
    except IntegrityError as exc:
        standing = FeePayment.objects.standing().filter(patent=patent, year=year).first()
        raise Conflict(_("A payment of this year's fee is already recorded: cancel or correct it instead."),
                       code="fee_already_paid",
                       details={"year": year, "payment_id": standing.pk if standing else None}) from exc
    annual_fee_status_sync(patent=patent, year=year)
    return payment


def fee_payment_cancel(*, actor: Any, payment: FeePayment, reason: str) -> FeePayment:
    """Cancel a wrongly recorded payment; it stays in the patent's history with who cancelled it, when and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(details={"reason": _("Say why the payment is cancelled.")})
    locked = FeePayment.objects.select_for_update().get(pk=payment.pk)
    if locked.cancelled_at is not None:
        raise Conflict(_("This payment is already cancelled."), code="already_cancelled")
    payment.cancelled_at, payment.cancelled_by, payment.cancel_reason = timezone.now(), actor, reason[:500]
    with set_actor(actor):
        payment.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    annual_fee_status_sync(patent=payment.patent, year=payment.year)
    return payment


def fee_payment_correct(*, actor: Any, payment: FeePayment, amount: Decimal, paid_on: date, reason: str,
                        surcharge: Decimal = ZERO, today: date | None = None) -> FeePayment:
    """Correct a payment of the same year: cancel the wrong record with the reason, record the right one
    pointing at it. A payment booked to the wrong year is cancelled and recorded anew instead."""
    today = today or timezone.localdate()
    _fee_checked(patent=payment.patent, year=payment.year, amount=amount, surcharge=surcharge, paid_on=paid_on,
                 today=today)
    fee_payment_cancel(actor=actor, payment=payment, reason=reason)
    return fee_payment_record(actor=actor, patent=payment.patent, year=payment.year, amount=amount,
                              surcharge=surcharge, paid_on=paid_on, today=today, replaces=payment)


def annual_fee_status_sync(*, patent: Patent, year: int) -> None:
    """The one place a recorded or cancelled payment reaches the patent's annual-fee status in `rights` (due /
    paid / late / lapsed), inside the caller's transaction after every change of the standing payments."""
    fee_status_refresh(patent)


def _fee_checked(*, patent: Patent, year: int, amount: Decimal, surcharge: Decimal, paid_on: date,
                 today: date) -> FeeDue:
    for field, value in (("amount", amount), ("surcharge", surcharge)):
        if not value.is_finite() or value < 0:
            raise ValidationFailed(details={field: _("The amount must not be negative.")})
    if paid_on > today:
        raise ValidationFailed(details={"paid_on": _("A payment cannot be dated in the future.")})
    fee = _fee_of(patent, year)
    _check_surcharge(fee, surcharge, paid_on)
    return fee


def _fee_of(patent: Patent, year: int) -> FeeDue:
    if patent.application_date is None or patent.grant_date is None:
        raise ValidationFailed(details={"year": _("No annual fee is due before the patent is granted.")})
    first = patent_year(patent.application_date, patent.grant_date)
    last = last_fee_year(patent.patent_type, patent.application_date)
    if not first <= year <= last:
        raise ValidationFailed(details={"year": _("This patent's annual fees are for years %(first)d to %(last)d.")
                                        % {"first": first, "last": last}})
    return fee_due(fee_schedule(), patent_type=patent.patent_type, application_date=patent.application_date,
                   grant_date=patent.grant_date, year=year)


def _check_surcharge(fee: FeeDue, surcharge: Decimal, paid_on: date) -> None:
    # Refused, not warned: an underpaid surcharge leaves the fee unpaid (the patent lapses), and an unexpected one
    # is a typing error; a table that differs from CNIPA's is corrected in the fee configuration.
    try:
        owed = late_surcharge(fee_schedule(), fee.full, fee.due_date, paid_on)
    except FeePeriodExpired as exc:
        raise ValidationFailed(
            _("Paid after the late-payment period: the patent had terminated (Implementing Regulations Art 115)."),
            code="fee_period_expired",
            details={"paid_on": _("The fee of year %(year)d could be paid late until %(deadline)s.")
                     % {"year": fee.year, "deadline": fee.late_deadline.isoformat()}}) from exc
    if surcharge != owed:
        raise ValidationFailed(
            _("The late surcharge does not match the surcharge table."), code="surcharge_mismatch",
            details={"surcharge": _("Due on %(due)s and paid on %(paid)s, the surcharge is ¥%(owed)s.")
                     % {"due": fee.due_date.isoformat(), "paid": paid_on.isoformat(), "owed": owed},
                     "expected": str(owed)})


# ---------------------------------------------------------------- state-funded projects (财政资助项目)


def funded_project_declare(*, actor: Any, patent: Patent, project_name: str, funder: str,
                           project_number: str = "", end_date: date | None = None) -> FundedProject:
    """Declare the state-funded project the patent came from, or correct the declared one."""
    fields = {"project_name": project_name.strip(), "funder": funder.strip(),
              "project_number": project_number.strip(), "end_date": end_date}
    errors = {name: _("This field is required.") for name in ("project_name", "funder") if not fields[name]}
    errors |= _too_long(FundedProject, {name: fields[name] for name in ("project_name", "funder", "project_number")})
    if errors:
        raise ValidationFailed(details=errors)
    project = FundedProject.objects.filter(patent=patent).first() or FundedProject(patent=patent, declared_by=actor)
    for name, value in fields.items():
        setattr(project, name, value)
    with set_actor(actor):
        project.save()
    return project


def implementation_report_record(*, actor: Any, project: FundedProject, year: int, mode: str,
                                 description: str = "", today: date | None = None) -> ImplementationReport:
    """The project's implementation in one year: one report a year, a second one for the year replaces it."""
    this_year = (today or timezone.localdate()).year
    filed = project.patent.application_date
    first = max(FIRST_REPORT_YEAR, filed.year if filed else FIRST_REPORT_YEAR)
    if not first <= year <= this_year:
        raise ValidationFailed(details={"year": _("The year must be from %(first)d to %(last)d.")
                                        % {"first": first, "last": this_year}})
    if mode not in ImplementationMode.values:
        raise ValidationFailed(details={"mode": _("Unknown implementation mode.")})
    with set_actor(actor):
        report, _created = ImplementationReport.objects.update_or_create(
            project=project, year=year,
            defaults={"mode": mode, "description": description.strip(), "reported_by": actor})
    return report


# ---------------------------------------------------------------- standard-essential declarations


def standard_declare(*, actor: Any, patent: Patent, standard_number: str,
                     standard_title: str = "") -> StandardDeclaration:
    """Declare the patent essential to a standard (标准必要专利); the number is stored as written in capitals."""
    number, title = " ".join(standard_number.split()).upper(), standard_title.strip()
    errors = _too_long(StandardDeclaration, {"standard_number": number, "standard_title": title})
    if not number:
        errors["standard_number"] = _("The standard number is required.")
    if errors:
        raise ValidationFailed(details=errors)
    try:
        with transaction.atomic(), set_actor(actor):  # a savepoint, as for payments
            return StandardDeclaration.objects.create(patent=patent, standard_number=number, standard_title=title,
                                                      declared_by=actor)
    except IntegrityError as exc:
        raise Conflict(_("The patent is already declared essential to this standard."),
                       code="already_declared") from exc


def standard_declaration_remove(*, actor: Any, declaration: StandardDeclaration) -> None:
    """Withdraw a declaration; the change log keeps what it said."""
    with set_actor(actor):
        declaration.delete()

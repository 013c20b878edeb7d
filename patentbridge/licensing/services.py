"""Writes of open licensing: declare, withdraw, take a licence (notice + payment), with the contract and the
recordation draft. Callers own the transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.queue import enqueue_merging_ids
from patentbridge.licensing import eligibility
from patentbridge.licensing.models import (
    DECLARATION_STEPS,
    LICENCE_STEPS,
    DeclarationStatus,
    LicenceStatus,
    OpenLicence,
    OpenLicenceDeclaration,
    Payment,
    PaymentMode,
    PaymentStatus,
)
from patentbridge.licensing.payments import provider
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, authorize, signing_patentee_org_ids, user_ids_with
from patentbridge.orgs.regions import china
from patentbridge.patents.models import Patent
from patentbridge.patents.terms import licence_last_day
from patentbridge.push.models import PatentEvent
from patentbridge.push.tasks import push_patent_events
from patentbridge.recordation import services as recordation_services
from patentbridge.recordation.contracts import contract_ended_early
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import GrantKind

FIELDS = ("payment_mode", "lump_sum", "royalty_rate", "term_years", "other_terms", "evaluation_report",
          "co_owners_consent", "pledgee_consent")


def _findings(items: list[eligibility.Finding]) -> list[dict[str, str]]:
    return [{"rule": f.rule, "article": f.article, "message": f.message, "fix": f.fix} for f in items]


def fee_summary(data: dict[str, Any]) -> str:
    mode, lump, rate = data.get("payment_mode"), data.get("lump_sum"), data.get("royalty_rate")
    term = data.get("term_years")
    text = {
        PaymentMode.LUMP_SUM: f"一次性支付 {lump} 元",
        PaymentMode.ROYALTY_SALES: f"按年净销售额的 {rate}% 提成",
        PaymentMode.ROYALTY_PROFIT: f"按年利润的 {rate}% 提成",
        PaymentMode.ENTRY_PLUS_ROYALTY: f"入门费 {lump} 元，另按年净销售额的 {rate}% 提成",
    }.get(mode, "")
    return f"{text}；许可期限 {term} 年" if term else text


def declaration_check(patent: Patent, data: dict[str, Any], today: date) -> dict[str, list[dict[str, str]]]:
    """What would refuse the declaration, and which guidance caps it exceeds (warnings do not refuse)."""
    refused = eligibility.refusals(patent, data, today) + eligibility.text_problems(data)
    term = eligibility.term_problem(patent, data.get("term_years"), today)
    if term:
        refused.append(term)
    return {"refusals": _findings(refused), "warnings": _findings(eligibility.cap_warnings(data))}


def declare(*, actor: Any, organisation: Organisation, patent: Patent, data: dict[str, Any],
            today: date | None = None) -> OpenLicenceDeclaration:
    today = today or timezone.localdate()
    if organisation.pk not in signing_patentee_org_ids(actor, patent):
        raise PermissionDenied(_("Only a member who may sign for the patentee may declare an open licence."))
    clean = {k: data.get(k) for k in FIELDS if k in data}
    if clean.get("payment_mode") not in PaymentMode.values:
        raise ValidationFailed(details={"payment_mode": gettext("choose a payment mode")})
    check = declaration_check(patent, clean, today)
    if check["refusals"]:
        raise ValidationFailed(gettext("the declaration is refused"), code="declaration_refused",
                               details=check)
    Patent.objects.select_for_update().filter(pk=patent.pk).first()
    if OpenLicenceDeclaration.objects.filter(patent=patent, status=DeclarationStatus.STANDING).exists():
        raise Conflict(gettext("this patent already has a standing declaration"))
    declaration = OpenLicenceDeclaration(patent=patent, organisation=organisation, declared_on=today,
                                         declared_by=actor, fee_terms=fee_summary(clean),
                                         estimate=data.get("estimate") or {}, **clean)
    declaration.grant = rights_services.grant_bind(
        patent=patent, kind=GrantKind.OPEN_DECLARATION, grantor=organisation, grantee=None,
        territory=china(), starts_on=today, ends_on=None, signed_on=today,
        pledgee_consent=bool(declaration.pledgee_consent), co_owners_consent=bool(declaration.co_owners_consent))
    with set_actor(actor):
        declaration.save()
    transaction.on_commit(lambda: enqueue_merging_ids(push_patent_events, [patent.pk],
                                                           PatentEvent.Kind.OPEN_LICENCE))
    return declaration


def withdraw(*, actor: Any, declaration: OpenLicenceDeclaration, reason: str,
             today: date | None = None) -> OpenLicenceDeclaration:
    """Withdrawal needs a reason; licences already taken stay valid (Patent Law Art 50 ¶2)."""
    authorize(actor, Action.LICENCE_DECLARE, declaration.patent)
    if declaration.status != DeclarationStatus.STANDING:
        raise Conflict(gettext("the declaration is already withdrawn"))
    if not reason.strip():
        raise ValidationFailed(details={"reason": gettext("give the reason for withdrawal")})
    step_require(DECLARATION_STEPS, declaration.status, DeclarationStatus.WITHDRAWN,
                 labels=dict(DeclarationStatus.choices))
    declaration.status, declaration.withdrawn_on = DeclarationStatus.WITHDRAWN, today or timezone.localdate()
    declaration.withdrawal_reason = reason.strip()
    with set_actor(actor):
        declaration.save()
        if declaration.grant_id:
            rights_services.grant_end(declaration.grant, declaration.withdrawn_on)
    return declaration


def amount_due_now(declaration: OpenLicenceDeclaration) -> Decimal:
    """What the licensee pays with its notice: the lump sum or the entry fee; royalties are paid as they accrue."""
    if declaration.payment_mode in (PaymentMode.LUMP_SUM, PaymentMode.ENTRY_PLUS_ROYALTY):
        return declaration.lump_sum or Decimal("0.00")
    return Decimal("0.00")


def licence_take(*, actor: Any, licensee: Organisation, declaration: OpenLicenceDeclaration,
                 notice: str, today: date | None = None) -> OpenLicence:
    """Written notice and payment: the licence exists as soon as the payment settles (Patent Law Art 51 ¶1)."""
    today = today or timezone.localdate()
    authorize(actor, Action.LICENCE_TAKE, licensee)
    if declaration.status != DeclarationStatus.STANDING:
        raise Conflict(gettext("the declaration has been withdrawn"))
    if licensee.pk in declaration.patent.owner_org_ids():
        raise ValidationFailed(details={"licensee": gettext("the patentee needs no licence")})
    if not notice.strip():
        raise ValidationFailed(details={"notice": gettext("write the notice")})
    if OpenLicence.objects.filter(declaration=declaration, licensee=licensee,
                                  status__in=[LicenceStatus.AWAITING_PAYMENT, LicenceStatus.ACTIVE]).exists():
        raise Conflict(gettext("your organisation already holds or is taking this licence"))
    licence = OpenLicence.objects.create(declaration=declaration, licensee=licensee, noticed_by=actor,
                                         notice=notice.strip(), amount_due=amount_due_now(declaration))
    return licence_pay(actor=actor, licence=licence, today=today)


def licence_pay(*, actor: Any, licence: OpenLicence, today: date | None = None) -> OpenLicence:
    today = today or timezone.localdate()
    if licence.status != LicenceStatus.AWAITING_PAYMENT:
        raise Conflict(gettext("nothing to pay for this licence"))
    gateway = provider()
    charge = gateway.charge(amount=licence.amount_due, payer=licence.licensee.name,
                            description=f"开放许可 {licence.declaration.patent.patent_number}")
    Payment.objects.create(licence=licence, amount=licence.amount_due, provider=gateway.name,
                           reference=charge.reference,
                           status=PaymentStatus.SUCCEEDED if charge.succeeded else PaymentStatus.FAILED,
                           settled_at=timezone.now() if charge.succeeded else None)
    if not charge.succeeded:
        return licence
    end = licence_last_day(today, licence.declaration.term_years or 1)
    expiry = licence.declaration.patent.expiry_date
    step_require(LICENCE_STEPS, licence.status, LicenceStatus.ACTIVE, labels=dict(LicenceStatus.choices))
    licence.status, licence.starts_on, licence.ends_on = LicenceStatus.ACTIVE, today, min(end, expiry) if expiry else end
    declaration = licence.declaration
    # An open licence is an ordinary licence for all of China (Patent Law Art 50 ¶1, 51 ¶1).
    licence.grant = rights_services.grant_bind(
        patent=declaration.patent, kind=GrantKind.OPEN_LICENCE, grantor=declaration.organisation,
        grantee=licence.licensee, territory=china(), starts_on=licence.starts_on,
        ends_on=licence.ends_on, signed_on=today, pledgee_consent=declaration.pledgee_consent,
        co_owners_consent=declaration.co_owners_consent)
    with set_actor(actor):
        licence.save()
    recordation_services.draft_for_grant(licence.grant, effective_on=licence.starts_on)
    recordation_services.contract_for_grant(licence.grant, amount=licence.amount_due)
    notify(recipients=user_ids_with(Capability.COMMIT, [declaration.organisation_id]), kind=NoticeKind.LICENCE_TAKEN,
           params={"licensee": licence.licensee.name, "patent": str(declaration.patent)},
           link=reverse("licensing:licence", args=[licence.pk]), key=f"licence-taken:{licence.pk}",
           organisation=declaration.organisation_id, actor=actor)
    return licence


def licence_end(*, actor: Any, licence: OpenLicence, reason: str, today: date | None = None,
                request: Any = None) -> OpenLicence:
    """The licensee renounces its licence (or abandons it before paying): a committing member of the licensee.
    Its technology contract ended early, so its registration may be cancelled."""
    authorize(actor, Action.LICENCE_TAKE, licence.licensee, request=request)
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Say why the licence ends.")})
    today = today or timezone.localdate()
    licence = _end(licence, today, reason.strip(), actor)
    contract = licence.tech_contract
    if contract is not None and licence.ends_on and today < licence.ends_on:
        contract_ended_early(contract, on=today)
    return licence


def licences_expire(today: date) -> int:
    """End every licence whose term ran out before today (run daily: `patentbridge expire-licences`)."""
    expired = OpenLicence.objects.select_related("grant").filter(status=LicenceStatus.ACTIVE, ends_on__lt=today)
    for licence in expired:
        _end(licence, licence.ends_on, _("The licence term ended."), None)
    return len(expired)


def _end(licence: OpenLicence, on: date, reason: str, actor: Any) -> OpenLicence:
    step_require(LICENCE_STEPS, licence.status, LicenceStatus.ENDED, labels=dict(LicenceStatus.choices))
    licence.status, licence.ended_on, licence.end_reason = LicenceStatus.ENDED, on, reason[:300]
    with set_actor(actor):
        licence.save(update_fields=["status", "ended_on", "end_reason"])
        if licence.grant_id:
            rights_services.grant_end(licence.grant, on)
    return licence

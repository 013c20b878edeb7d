"""Writes of negotiated deals. Every step follows TRANSITIONS; the conflict rules are checked with the patent row
locked, so two exclusive grants requested at the same moment cannot both be signed. Callers own the transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.validators import forward_date_problem
from patentbridge.deals import committee as committee_gate
from patentbridge.deals.models import (
    DEVELOPMENT_KINDS,
    LICENCE_KINDS,
    RIGHT_KINDS,
    ROYALTY_MODES,
    SERVICE_KINDS,
    STATUTORY_RESULTS_OWNER,
    Deal,
    DealConsent,
    DealKind,
    DealStatus,
    DealTransition,
    PaymentMode,
    ResultsOwner,
)
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, acting_org_ids, authorize, is_allowed, user_ids_with
from patentbridge.orgs.regions import region_resolve
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.terms import runs_beyond_term
from patentbridge.recordation import contracts as contract_services
from patentbridge.recordation import services as recordation_services
from patentbridge.recordation.models import TechContractType
from patentbridge.rights import selectors as rights
from patentbridge.rights import services as rights_services
from patentbridge.rights.services import clash_details


class Consent(StrEnum):
    """Who must act for a step to happen."""

    EITHER_PROPOSES = "either_proposes"  # one member of either party who may propose (nothing binds yet)
    EITHER_COMMITS = "either_commits"  # one member of either party who may commit it
    ALL_COMMIT = "all_commit"  # a committing member of every party whose consent binds (Deal.consenting_org_ids)
    RECORDATION = "recordation"  # only the recordation service, once the filing is recorded


# The deal lifecycle: each allowed (from, to) step and whose consent it needs. Nothing else is allowed.
STEPS: dict[tuple[str, str], Consent] = {
    (DealStatus.DRAFT, DealStatus.NEGOTIATING): Consent.EITHER_PROPOSES,
    (DealStatus.DRAFT, DealStatus.TERMINATED): Consent.EITHER_PROPOSES,
    (DealStatus.NEGOTIATING, DealStatus.AGREED): Consent.ALL_COMMIT,
    (DealStatus.NEGOTIATING, DealStatus.TERMINATED): Consent.EITHER_PROPOSES,
    (DealStatus.AGREED, DealStatus.SIGNED): Consent.ALL_COMMIT,
    (DealStatus.AGREED, DealStatus.NEGOTIATING): Consent.EITHER_PROPOSES,
    (DealStatus.AGREED, DealStatus.TERMINATED): Consent.EITHER_PROPOSES,
    (DealStatus.SIGNED, DealStatus.RECORDED): Consent.RECORDATION,
    (DealStatus.SIGNED, DealStatus.TERMINATED): Consent.ALL_COMMIT,
    (DealStatus.RECORDED, DealStatus.PERFORMING): Consent.EITHER_COMMITS,
    (DealStatus.RECORDED, DealStatus.TERMINATED): Consent.ALL_COMMIT,
    (DealStatus.PERFORMING, DealStatus.COMPLETED): Consent.ALL_COMMIT,
    (DealStatus.PERFORMING, DealStatus.TERMINATED): Consent.ALL_COMMIT,
}
# A development, consulting or service contract binds no patent right and has no recordation: once signed, it is
# performed (its technology-contract registration is a step of its own, recordation.contracts).
SERVICE_STEPS: dict[tuple[str, str], Consent] = {
    **{step: consent for step, consent in STEPS.items() if step != (DealStatus.SIGNED, DealStatus.RECORDED)},
    (DealStatus.SIGNED, DealStatus.PERFORMING): Consent.EITHER_COMMITS,
}


def _transitions(steps: dict[tuple[str, str], Consent]) -> dict[str, set[str]]:
    return {status: {to for (frm, to) in steps if frm == status} for status in DealStatus}


TRANSITIONS = _transitions(STEPS)
SERVICE_TRANSITIONS = _transitions(SERVICE_STEPS)
# Kinds that move the patent or the application itself: registered as a transfer (Patent Law Art 10), ownership
# changes on recording.
TRANSFER_KINDS = (DealKind.TRANSFER, DealKind.APPLICATION_RIGHT_TRANSFER, DealKind.EQUITY)


def steps_of(deal: Deal) -> dict[tuple[str, str], Consent]:
    """The lifecycle of the deal's kind."""
    return SERVICE_STEPS if deal.kind in SERVICE_KINDS else STEPS


def allowed(deal: Deal) -> list[str]:
    """The steps the deal's lifecycle allows from its status."""
    return sorted((SERVICE_TRANSITIONS if deal.kind in SERVICE_KINDS else TRANSITIONS)[deal.status])


def user_steps(user: Any, deal: Deal) -> list[str]:
    """The steps this user may take (or confirm) now: not those their organisations have already confirmed."""
    steps = steps_of(deal)
    mine = acting_org_ids(user, Capability.COMMIT, deal.consenting_org_ids())
    return [to for (frm, to), consent in steps.items() if frm == deal.status and _may(user, deal, consent)
            and (consent != Consent.ALL_COMMIT or set(awaiting(deal, to)) & mine)]


def _may(user: Any, deal: Deal, consent: Consent) -> bool:
    if consent == Consent.RECORDATION:
        return False
    if consent == Consent.EITHER_PROPOSES:
        return is_allowed(user, Action.DEAL_PROPOSE, deal)
    return is_allowed(user, Action.DEAL_COMMIT, deal)


def pending(deal: Deal) -> dict[str, list[Organisation]]:
    """Binding steps from the current status that some party has confirmed and others have not yet."""
    given: dict[str, set[int]] = defaultdict(set)
    for consent in _this_round(deal):
        given[consent.step].add(consent.organisation_id)
    binding = {to for (frm, to), consent in steps_of(deal).items()
               if frm == deal.status and consent == Consent.ALL_COMMIT}
    needed = deal.consenting_org_ids()
    names = _organisations(deal, needed)
    return {step: [names[pk] for pk in needed if pk not in given[step] and pk in names]
            for step in sorted(binding & given.keys())}


def awaiting(deal: Deal, step: str) -> list[int]:
    """The organisations whose confirmation of the step is still missing in this round."""
    given = {consent.organisation_id for consent in _this_round(deal) if consent.step == step}
    return [org for org in deal.consenting_org_ids() if org not in given]


def _this_round(deal: Deal) -> list[DealConsent]:
    """The confirmations given in the deal's current round; read from the prefetched list when a list of deals
    prefetched them (deals.selectors), so that a list does not query per deal."""
    return [consent for consent in deal.consents.all() if consent.round == deal.round]


def _organisations(deal: Deal, ids: list[int]) -> dict[int, Organisation]:
    known = {deal.owner_id: deal.owner, deal.counterparty_id: deal.counterparty}
    if deal.patent_id:
        known.update({link.organisation_id: link.organisation for link in deal.patent.applicant_links.all()
                      if link.organisation_id})
    missing = [pk for pk in ids if pk not in known]
    return {**known, **(Organisation.objects.in_bulk(missing) if missing else {})}


# The patent's state each kind needs at signing. A transfer of the patent right needs a patent in force (Civil Code
# Art 862 ¶1); a transfer of the application right a pending application (Art 862 ¶1; PL Art 10); a licence, an
# equity contribution, either (SPC interpretation Art 29: a licence of an application is valid, and becomes a patent
# licence on grant); a development, consulting or service contract binds no right and needs neither.
IN_FORCE_OR_PENDING = (LegalStatus.IN_FORCE, LegalStatus.PENDING)
PATENT_STATES: dict[str, tuple[str, ...]] = {
    DealKind.TRANSFER: (LegalStatus.IN_FORCE,),
    DealKind.APPLICATION_RIGHT_TRANSFER: (LegalStatus.PENDING,),
    DealKind.EQUITY: IN_FORCE_OR_PENDING,
    **{kind: IN_FORCE_OR_PENDING for kind in LICENCE_KINDS},
}


def kinds_for(patent: Patent) -> list[str]:
    """The kinds a deal on this patent may take in its present state."""
    return [kind for kind in DealKind.values if kind in SERVICE_KINDS or patent.legal_status in PATENT_STATES[kind]]


def conflicts(deal: Deal, today: date) -> list[dict[str, str]]:
    """Every rule the deal would break if it bound the patent now (none for a contract that binds no right)."""
    if deal.kind in SERVICE_KINDS:
        return []
    patent = deal.patent
    found = [_state_problem(deal)] if patent.legal_status not in PATENT_STATES[deal.kind] else []
    if deal.kind in LICENCE_KINDS and deal.ends_on and runs_beyond_term(patent, deal.ends_on):
        found.append({"rule": "term_beyond_patent", "article": gettext("Civil Code Art 865"),
                      "message": gettext("the licence may not outlast the patent (it expires on %(date)s)")
                      % {"date": f"{patent.expiry_date:%Y-%m-%d}"}})
    if deal.kind != DealKind.ORDINARY_LICENCE and patent.has_owner_off_platform():
        found.append({"rule": "co_owner_not_on_platform", "article": gettext("Patent Law Art 14"),
                      "message": _("A co-owner of this patent is not registered on the platform, so its consent "
                                   "cannot be given here: invite it to join first.")})
    found += clash_details(rights.clashes(
        patent=patent, kind=deal.kind, territory_lo=deal.territory_lo, territory_hi=deal.territory_hi,
        starts_on=deal.starts_on or today, ends_on=deal.ends_on if deal.kind in LICENCE_KINDS else None,
        exclude=deal.grant_id))
    if rights.is_pledged(patent, today) and not deal.pledgee_consent:
        found.append({"rule": "pledged", "article": gettext("pledge registration measures"),
                      "message": gettext("the patent is pledged: the pledgee must consent")})
    return found


def _state_problem(deal: Deal) -> dict[str, str]:
    if deal.kind == DealKind.APPLICATION_RIGHT_TRANSFER:
        return {"rule": "application_not_pending", "article": gettext("Civil Code Art 862"),
                "message": _("Only a pending application's right can be transferred: once granted, transfer the "
                             "patent right instead.")}
    if deal.kind == DealKind.TRANSFER and deal.patent.legal_status == LegalStatus.PENDING:
        return {"rule": "patent_not_granted", "article": gettext("Civil Code Art 862"),
                "message": _("The application is not granted yet: transfer the application right instead.")}
    return {"rule": "patent_not_in_force", "article": gettext("Civil Code Art 865"),
            "message": gettext("the patent is not in force")}


DATA_FIELDS = ("starts_on", "ends_on", "amount", "payment_mode", "subject", "deliverables", "results_owner",
               "results_terms", "terms", "pledgee_consent")


def deal_create(*, actor: Any, patent: Patent | None, kind: str, owner: Organisation, counterparty: Organisation,
                data: dict[str, Any]) -> Deal:
    """Open a deal as a proposal of one of its parties; nothing binds until every party confirms."""
    if kind not in DealKind.values:
        raise ValidationFailed(details={"kind": _("Unknown deal kind.")})
    if owner.pk == counterparty.pk:
        raise ValidationFailed(details={"counterparty": _("The two parties must differ.")})
    _check_patent(kind, patent, owner, counterparty)
    territory = region_resolve(data.get("territory") or "中国")
    deal = Deal(kind=kind, patent=patent, owner=owner, counterparty=counterparty, created_by=actor,
                territory=territory, territory_lo=territory.lo, territory_hi=territory.hi,
                **{k: v for k, v in data.items() if k in DATA_FIELDS and v is not None})
    _check_terms(deal)
    authorize(actor, Action.DEAL_PROPOSE, deal)
    with set_actor(actor):
        deal.save()
    others = set(deal.consenting_org_ids()) - acting_org_ids(actor, Capability.PROPOSE, deal.consenting_org_ids())
    _notify_step(deal, deal.status, actor=actor, recipients=user_ids_with(Capability.PROPOSE, others),
                 variant="proposed")
    return deal


def deal_from_sale(*, actor: Any, patent: Patent, kind: str, owner: Organisation, counterparty: Organisation,
                   amount: Decimal, source: str, data: dict[str, Any] | None = None) -> Deal:
    """A deal whose price was fixed in public — an auction's hammer, a listing's agreement: it opens agreed (nothing is
    left to negotiate) and binds once every party signs. The market app that ran the sale has authorised it; `source`
    names the sale on the deal's history (e.g. the confirmation's number)."""
    if kind not in RIGHT_KINDS:
        raise ValidationFailed(details={"kind": _("A sale transfers or licenses a patent right.")})
    _check_patent(kind, patent, owner, counterparty)
    data = {**(data or {}), "amount": amount}
    territory = region_resolve(data.get("territory") or "中国")
    deal = Deal(kind=kind, patent=patent, owner=owner, counterparty=counterparty, created_by=actor,
                territory=territory, territory_lo=territory.lo, territory_hi=territory.hi, status=DealStatus.AGREED,
                **{k: v for k, v in data.items() if k in DATA_FIELDS and v is not None})
    _check_terms(deal)
    with set_actor(actor):
        deal.save()
    DealTransition.objects.create(deal=deal, from_status=DealStatus.DRAFT, to_status=DealStatus.AGREED,
                                  comment=source, actor=actor)
    notify(recipients=user_ids_with(Capability.PROPOSE, set(deal.consenting_org_ids())), kind=NoticeKind.DEAL_STEP,
           link=reverse("deals:detail", args=[deal.pk]), key=f"deal:{deal.pk}:sold", actor=actor,
           params={"variant": "sold", "party": "", "deal": patent.title, "source": source,
                   "status_label": msgid(DealStatus.AGREED.label)})
    return deal


def _check_patent(kind: str, patent: Patent | None, owner: Organisation, counterparty: Organisation) -> None:
    """A right is granted by its holder. A development, consulting or service contract may name a patent it
    concerns, held by one of its parties (so that its turnover counts as patent-related only for their patents)."""
    if kind in SERVICE_KINDS:
        if patent is not None and not {owner.pk, counterparty.pk} & set(patent.owner_org_ids()):
            raise ValidationFailed(details={"patent": _("The patent the contract concerns must be held by one of "
                                                        "its parties.")})
        return
    if patent is None:
        raise ValidationFailed(details={"patent": _("Name the patent or application the right is granted in.")})
    if owner.pk not in patent.owner_org_ids():
        raise ValidationFailed(details={"owner": _("The licensor or assignor must hold the patent.")})


def _check_terms(deal: Deal) -> None:
    errors: dict[str, str] = {}
    if deal.kind in LICENCE_KINDS and (deal.starts_on is None or deal.ends_on is None):
        errors["period"] = _("A licence needs its start and end dates.")
    if deal.starts_on and deal.ends_on and deal.ends_on < deal.starts_on:
        errors["ends_on"] = _("The end is before the start.")
    for name in ("starts_on", "ends_on"):  # no 9999-12-31, no date before the Patent Law
        problem = forward_date_problem(getattr(deal, name))
        if problem:
            errors[name] = problem
    if deal.payment_mode not in PaymentMode.values:
        errors["payment_mode"] = _("Unknown payment mode.")
    if deal.kind in SERVICE_KINDS:
        errors.update(_service_terms(deal))
    else:
        deal.results_owner = ""
    if errors:
        raise ValidationFailed(details=errors)


def _service_terms(deal: Deal) -> dict[str, str]:
    """A development, consulting or service contract states what it is about, what is delivered and its price; a
    development contract also who may apply for patents on the results (the law's default when not agreed)."""
    errors = {}
    deal.subject = (deal.subject or "").strip()
    if not deal.subject:
        errors["subject"] = _("Name the project.")
    if not (deal.deliverables or "").strip():
        errors["deliverables"] = _("State what is to be delivered.")
    if deal.payment_mode not in ROYALTY_MODES and not deal.amount > 0:
        errors["amount"] = _("A fixed price must be more than zero.")
    if deal.kind in DEVELOPMENT_KINDS:
        deal.results_owner = deal.results_owner or STATUTORY_RESULTS_OWNER[deal.kind]
        if deal.results_owner not in ResultsOwner.values:
            errors["results_owner"] = _("Choose who may apply for patents on the results.")
    else:
        deal.results_owner = ""
    return errors


def deal_transition(*, actor: Any, deal: Deal, to: str, comment: str = "", today: date | None = None) -> Deal:
    """Take a step, or give this party's confirmation of a binding step (the step happens with the last one)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Lock the patent: conflicting grants of the same patent are decided one after the other.
        Patent.objects.select_for_update().filter(pk=deal.patent_id).first()
        deal = Deal.objects.select_for_update(of=("self",)).select_related("patent", "territory").get(pk=deal.pk)
        consent = _step(deal, to)
        if consent == Consent.RECORDATION:
            raise Conflict(_("A deal is recorded only when its recordation or transfer registration is recorded."),
                           code="recordation_required")
        authorize(actor, Action.DEAL_PROPOSE if consent == Consent.EITHER_PROPOSES else Action.DEAL_COMMIT, deal)
        if to == DealStatus.SIGNED:
            _refuse_conflicts(deal, today)
            committee_gate.refuse_unless_approved(deal)
        if consent == Consent.ALL_COMMIT:
            _confirm(deal, to, actor)
            if waiting := awaiting(deal, to):
                _notify_step(deal, to, actor=actor, recipients=user_ids_with(Capability.COMMIT, waiting),
                             variant="awaiting")
                return deal
        deal = _move(deal, to, actor=actor, comment=comment, today=today)
        others = set(deal.consenting_org_ids()) - acting_org_ids(actor, Capability.PROPOSE, deal.consenting_org_ids())
        _notify_step(deal, to, actor=actor, recipients=user_ids_with(Capability.PROPOSE, others), variant="moved")
        return deal


def _notify_step(deal: Deal, to: str, *, actor: Any, recipients: set[int], variant: str) -> None:
    """The other parties hear of a step their side did not take: moved, or confirmed and awaiting them."""
    mine = sorted(acting_org_ids(actor, Capability.PROPOSE, deal.consenting_org_ids()))
    names = _organisations(deal, mine)
    notify(recipients=recipients, kind=NoticeKind.DEAL_STEP, link=reverse("deals:detail", args=[deal.pk]),
           key=f"deal:{deal.pk}:round:{deal.round}:{to}:{variant}:{'-'.join(map(str, mine))}", actor=actor,
           params={"variant": variant, "party": "、".join(names[pk].name for pk in mine if pk in names),
                   "deal": deal.patent.title if deal.patent_id else deal.subject,
                   "status_label": msgid(DealStatus(to).label)})


def _label(status: str) -> str:
    return str(DealStatus(status).label) if status in DealStatus.values else status


def _step(deal: Deal, to: str) -> Consent:
    consent = steps_of(deal).get((deal.status, to))
    if consent is None:
        raise Conflict(gettext("A deal cannot go from “%(from)s” to “%(to)s”.")
                       % {"from": DealStatus(deal.status).label, "to": _label(to)}, code="invalid_transition",
                       details={"status": deal.status, "allowed": allowed(deal)})
    return consent


def _refuse_conflicts(deal: Deal, today: date) -> None:
    problems = conflicts(deal, today)
    if problems:
        raise Conflict(gettext("the deal conflicts with the patent's rights"), code="deal_conflict",
                       details={"conflicts": problems})


def _confirm(deal: Deal, step: str, actor: Any) -> None:
    """Record the actor's confirmation for each organisation it may commit; one person never confirms both sides."""
    mine = acting_org_ids(actor, Capability.COMMIT, deal.consenting_org_ids())
    if deal.counterparty_id in mine and mine - {deal.counterparty_id}:
        raise PermissionDenied(_("You may sign for both parties of this deal: another authorised member must "
                                 "confirm for one of them."), code="both_sides")
    for organisation_id in mine:
        DealConsent.objects.get_or_create(deal=deal, round=deal.round, step=step, organisation_id=organisation_id,
                                          defaults={"user": actor})


def deal_recorded(*, actor: Any, deal: Deal, today: date) -> Deal:
    """Its grant's recordation or transfer registration was recorded (rights.signals.grant_recorded): the deal is
    recorded. Only that signal calls this."""
    deal = Deal.objects.select_for_update(of=("self",)).select_related("patent", "territory").get(pk=deal.pk)
    if deal.status != DealStatus.SIGNED:
        return deal
    return _move(deal, DealStatus.RECORDED, actor=actor, comment="", today=today)


def _move(deal: Deal, to: str, *, actor: Any, comment: str, today: date) -> Deal:
    DealTransition.objects.create(deal=deal, from_status=deal.status, to_status=to, comment=comment, actor=actor)
    deal.round += 1  # confirmations are given for a step from this status only
    deal.status = to
    if to == DealStatus.SIGNED and deal.kind in SERVICE_KINDS:
        deal.contract = _contract(deal, today)
    elif to == DealStatus.SIGNED:
        deal.grant = _bind(deal, today)
        deal.contract = contract_services.contract_for_grant(deal.grant, amount=deal.amount)
    if to == DealStatus.RECORDED:
        deal.registered_on = today
    if to in (DealStatus.TERMINATED, DealStatus.COMPLETED) and deal.grant_id:
        rights_services.grant_end(deal.grant, today)
    if to == DealStatus.TERMINATED and deal.contract_id:
        contract_services.contract_ended_early(deal.contract, on=today)
    with set_actor(actor):
        deal.save()
    return deal


def _bind(deal: Deal, today: date) -> Any:
    """The signed deal binds the patent (rights) and prepares its recordation (licences) or registration
    (transfers), due in three months."""
    grant = rights_services.grant_bind(
        patent=deal.patent, kind=deal.kind, grantor=deal.owner, grantee=deal.counterparty, territory=deal.territory,
        starts_on=deal.starts_on or today, ends_on=deal.ends_on if deal.kind in LICENCE_KINDS else None,
        signed_on=today, pledgee_consent=deal.pledgee_consent, co_owners_consent=True)
    recordation_services.draft_for_grant(grant, effective_on=today)
    return grant


CONTRACT_TYPES = {DealKind.DEVELOPMENT_COMMISSIONED: TechContractType.DEVELOPMENT,
                  DealKind.DEVELOPMENT_COOPERATIVE: TechContractType.DEVELOPMENT,
                  DealKind.CONSULTING: TechContractType.CONSULTING, DealKind.SERVICE: TechContractType.SERVICE}


def _contract(deal: Deal, today: date) -> Any:
    """A signed development, consulting or service contract awaits its technology-contract registration."""
    return contract_services.contract_for_service(
        contract_type=CONTRACT_TYPES[deal.kind], seller=deal.owner, buyer=deal.counterparty, subject=deal.subject,
        amount=deal.amount, signed_on=today, patent=deal.patent)


def on_grant_recorded(sender: Any, *, grant: Any, on: date, actor: Any, **kwargs: Any) -> None:
    deal = Deal.objects.filter(grant=grant).first()
    if deal is not None:
        deal_recorded(actor=actor, deal=deal, today=on)

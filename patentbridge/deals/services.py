"""Writes of negotiated deals. Every step follows TRANSITIONS; the conflict rules are checked with the patent row
locked, so two exclusive grants requested at the same moment cannot both be signed. Callers own the transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from enum import StrEnum
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.models import (
    LICENCE_KINDS,
    Deal,
    DealConsent,
    DealKind,
    DealStatus,
    DealTransition,
)
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, acting_org_ids, authorize, is_allowed
from patentbridge.orgs.regions import region_resolve
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.terms import runs_beyond_term
from patentbridge.recordation import services as recordation_services
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
TRANSITIONS: dict[str, set[str]] = {status: {to for (frm, to) in STEPS if frm == status} for status in DealStatus}
# Kinds that move the patent itself: registered as a transfer (Patent Law Art 10), ownership changes on recording.
TRANSFER_KINDS = (DealKind.TRANSFER, DealKind.EQUITY)


def user_steps(user: Any, deal: Deal) -> list[str]:
    """The steps this user may take (or confirm) now: not those their organisations have already confirmed."""
    steps = [to for (frm, to), consent in STEPS.items() if frm == deal.status and _may(user, deal, consent)]
    mine = acting_org_ids(user, Capability.COMMIT, deal.consenting_org_ids())
    return [to for to in steps if STEPS[(deal.status, to)] != Consent.ALL_COMMIT or set(awaiting(deal, to)) & mine]


def _may(user: Any, deal: Deal, consent: Consent) -> bool:
    if consent == Consent.RECORDATION:
        return False
    if consent == Consent.EITHER_PROPOSES:
        return is_allowed(user, Action.DEAL_PROPOSE, deal)
    return is_allowed(user, Action.DEAL_COMMIT, deal)


def pending(deal: Deal) -> dict[str, list[Organisation]]:
    """Binding steps from the current status that some party has confirmed and others have not yet."""
    given: dict[str, set[int]] = defaultdict(set)
    for step, organisation_id in deal.consents.filter(round=deal.round).values_list("step", "organisation_id"):
        given[step].add(organisation_id)
    binding = {to for (frm, to), consent in STEPS.items() if frm == deal.status and consent == Consent.ALL_COMMIT}
    needed = deal.consenting_org_ids()
    names = Organisation.objects.in_bulk(needed)
    return {step: [names[pk] for pk in needed if pk not in given[step] and pk in names]
            for step in sorted(binding & given.keys())}


def awaiting(deal: Deal, step: str) -> list[int]:
    """The organisations whose confirmation of the step is still missing in this round."""
    given = set(deal.consents.filter(round=deal.round, step=step).values_list("organisation_id", flat=True))
    return [org for org in deal.consenting_org_ids() if org not in given]


def conflicts(deal: Deal, today: date) -> list[dict[str, str]]:
    """Every rule the deal would break if it bound the patent now."""
    patent = deal.patent
    found = []
    if patent.legal_status != LegalStatus.IN_FORCE:
        found.append({"rule": "patent_not_in_force", "article": "民法典第八百六十五条 / Civil Code Art 865",
                      "message": "专利权未处于有效状态 / the patent is not in force"})
    if deal.kind in LICENCE_KINDS and deal.ends_on and runs_beyond_term(patent, deal.ends_on):
        found.append({"rule": "term_beyond_patent", "article": "民法典第八百六十五条 / Civil Code Art 865",
                      "message": f"许可期限不得超过专利权期限（{patent.expiry_date:%Y-%m-%d}）/ the licence may not "
                                 "outlast the patent"})
    if deal.kind != DealKind.ORDINARY_LICENCE and patent.has_owner_off_platform():
        found.append({"rule": "co_owner_not_on_platform", "article": "专利法第十四条 / Patent Law Art 14",
                      "message": _("A co-owner of this patent is not registered on the platform, so its consent "
                                   "cannot be given here: invite it to join first.")})
    found += clash_details(rights.clashes(
        patent=patent, kind=deal.kind, territory_lo=deal.territory_lo, territory_hi=deal.territory_hi,
        starts_on=deal.starts_on or today, ends_on=deal.ends_on if deal.kind in LICENCE_KINDS else None,
        exclude=deal.grant_id))
    if rights.is_pledged(patent, today) and not deal.pledgee_consent:
        found.append({"rule": "pledged", "article": "专利权质押登记办法 / pledge registration measures",
                      "message": "专利已质押，须经质权人同意 / the patent is pledged: the pledgee must consent"})
    return found


DATA_FIELDS = ("starts_on", "ends_on", "amount", "terms", "pledgee_consent")


def deal_create(*, actor: Any, patent: Patent, kind: str, owner: Organisation, counterparty: Organisation,
                data: dict[str, Any]) -> Deal:
    """Open a deal as a proposal of one of its parties; nothing binds until every party confirms."""
    if kind not in DealKind.values:
        raise ValidationFailed(details={"kind": _("Unknown deal kind.")})
    if owner.pk not in patent.owner_org_ids():
        raise ValidationFailed(details={"owner": _("The licensor or assignor must hold the patent.")})
    if owner.pk == counterparty.pk:
        raise ValidationFailed(details={"counterparty": _("The two parties must differ.")})
    territory = region_resolve(data.get("territory") or "中国")
    deal = Deal(kind=kind, patent=patent, owner=owner, counterparty=counterparty, created_by=actor,
                territory=territory, territory_lo=territory.lo, territory_hi=territory.hi,
                **{k: v for k, v in data.items() if k in DATA_FIELDS and v is not None})
    if kind in LICENCE_KINDS and (deal.starts_on is None or deal.ends_on is None):
        raise ValidationFailed(details={"period": _("A licence needs its start and end dates.")})
    if deal.starts_on and deal.ends_on and deal.ends_on < deal.starts_on:
        raise ValidationFailed(details={"ends_on": _("The end is before the start.")})
    authorize(actor, Action.DEAL_PROPOSE, deal)
    with set_actor(actor):
        deal.save()
    return deal


def deal_transition(*, actor: Any, deal: Deal, to: str, comment: str = "", today: date | None = None) -> Deal:
    """Take a step, or give this party's confirmation of a binding step (the step happens with the last one)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Lock the patent: conflicting grants of the same patent are decided one after the other.
        Patent.objects.select_for_update().filter(pk=deal.patent_id).first()
        deal = Deal.objects.select_for_update().select_related("patent", "territory").get(pk=deal.pk)
        consent = _step(deal, to)
        if consent == Consent.RECORDATION:
            raise Conflict(_("A deal is recorded only when its recordation or transfer registration is recorded."),
                           code="recordation_required")
        authorize(actor, Action.DEAL_PROPOSE if consent == Consent.EITHER_PROPOSES else Action.DEAL_COMMIT, deal)
        if to == DealStatus.SIGNED:
            _refuse_conflicts(deal, today)
        if consent == Consent.ALL_COMMIT:
            _confirm(deal, to, actor)
            if awaiting(deal, to):
                return deal
        return _move(deal, to, actor=actor, comment=comment, today=today)


def _step(deal: Deal, to: str) -> Consent:
    consent = STEPS.get((deal.status, to))
    if consent is None:
        raise Conflict(f"交易不能从“{DealStatus(deal.status).label}”转到“{to}” / a deal cannot go from "
                       f"{deal.status} to {to}", code="invalid_transition",
                       details={"status": deal.status, "allowed": sorted(TRANSITIONS[deal.status])})
    return consent


def _refuse_conflicts(deal: Deal, today: date) -> None:
    problems = conflicts(deal, today)
    if problems:
        raise Conflict("交易与现有权利状态冲突 / the deal conflicts with the patent's rights", code="deal_conflict",
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
    deal = Deal.objects.select_for_update().select_related("patent", "territory").get(pk=deal.pk)
    if deal.status != DealStatus.SIGNED:
        return deal
    return _move(deal, DealStatus.RECORDED, actor=actor, comment="", today=today)


def _move(deal: Deal, to: str, *, actor: Any, comment: str, today: date) -> Deal:
    DealTransition.objects.create(deal=deal, from_status=deal.status, to_status=to, comment=comment, actor=actor)
    deal.round += 1  # confirmations are given for a step from this status only
    deal.status = to
    if to == DealStatus.SIGNED:
        deal.grant = _bind(deal, today)
    if to == DealStatus.RECORDED:
        deal.registered_on = today
    if to in (DealStatus.TERMINATED, DealStatus.COMPLETED) and deal.grant_id:
        rights_services.grant_end(deal.grant, today)
    with set_actor(actor):
        deal.save()
    return deal


def _bind(deal: Deal, today: date) -> Any:
    """The signed deal binds the patent (rights) and prepares its recordation (licences) or registration
    (transfers), due in three months, and its technology-contract registration (its amount counts toward the
    turnover target once recorded)."""
    grant = rights_services.grant_bind(
        patent=deal.patent, kind=deal.kind, grantor=deal.owner, grantee=deal.counterparty, territory=deal.territory,
        starts_on=deal.starts_on or today, ends_on=deal.ends_on if deal.kind in LICENCE_KINDS else None,
        signed_on=today, pledgee_consent=deal.pledgee_consent, co_owners_consent=True)
    recordation_services.draft_for_grant(grant, effective_on=today)
    recordation_services.contract_for_grant(grant, amount=deal.amount)
    return grant


def on_grant_recorded(sender: Any, *, grant: Any, on: date, actor: Any, **kwargs: Any) -> None:
    deal = Deal.objects.filter(grant=grant).first()
    if deal is not None:
        deal_recorded(actor=actor, deal=deal, today=on)

"""Writes of negotiated deals. Every step follows TRANSITIONS; the conflict rules are checked with the patent row
locked, so two exclusive grants requested at the same moment cannot both be signed. Callers own the transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.models import (
    BINDING,
    EXCLUSIVE_KINDS,
    LICENCE_KINDS,
    Deal,
    DealKind,
    DealStatus,
    DealTransition,
)
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import is_platform_admin, roles_of
from patentbridge.patents.models import LegalStatus, Patent, PatentApplicant

TRANSITIONS: dict[str, set[str]] = {
    DealStatus.DRAFT: {DealStatus.NEGOTIATING, DealStatus.TERMINATED},
    DealStatus.NEGOTIATING: {DealStatus.AGREED, DealStatus.TERMINATED},
    DealStatus.AGREED: {DealStatus.SIGNED, DealStatus.NEGOTIATING, DealStatus.TERMINATED},
    DealStatus.SIGNED: {DealStatus.RECORDED, DealStatus.TERMINATED},
    DealStatus.RECORDED: {DealStatus.PERFORMING, DealStatus.TERMINATED},
    DealStatus.PERFORMING: {DealStatus.COMPLETED, DealStatus.TERMINATED},
    DealStatus.COMPLETED: set(),
    DealStatus.TERMINATED: set(),
}


def is_party(user: Any, deal: Deal) -> bool:
    orgs = {org for org, _ in roles_of(user)}
    return is_platform_admin(user) or bool(orgs & {deal.owner_id, deal.counterparty_id})


def conflicts(deal: Deal, today: date) -> list[dict[str, str]]:
    """Every rule the deal would break if it bound the patent now."""
    from patentbridge.licensing.eligibility import is_pledged
    from patentbridge.licensing.selectors import standing_declarations

    patent = deal.patent
    found = []
    if patent.legal_status != LegalStatus.IN_FORCE:
        found.append({"rule": "patent_not_in_force", "article": "民法典第八百六十五条 / Civil Code Art 865",
                      "message": "专利权未处于有效状态 / the patent is not in force"})
    if deal.kind in LICENCE_KINDS and patent.expiry_date and deal.ends_on and deal.ends_on > patent.expiry_date:
        found.append({"rule": "term_beyond_patent", "article": "民法典第八百六十五条 / Civil Code Art 865",
                      "message": f"许可期限不得超过专利权期限（{patent.expiry_date:%Y-%m-%d}）/ the licence may not "
                                 "outlast the patent"})
    if deal.kind in EXCLUSIVE_KINDS:
        if standing_declarations().filter(patent=patent).exists():
            found.append({"rule": "open_licence_standing", "article": "专利法第五十一条第三款 / Patent Law Art 51 ¶3",
                          "message": "开放许可期间不得授予独占或排他许可 / no exclusive or sole licence while an "
                                     "open-licence declaration stands"})
        overlapping = (Deal.objects.filter(patent=patent, kind__in=EXCLUSIVE_KINDS, status__in=BINDING,
                                           territory=deal.territory, starts_on__lte=deal.ends_on,
                                           ends_on__gte=deal.starts_on).exclude(pk=deal.pk))
        if overlapping.exists():
            found.append({"rule": "exclusive_overlap", "article": "最高人民法院技术合同司法解释第二十五条 / SPC Art 25",
                          "message": "同一地域、同一期间已有独占或排他许可 / an exclusive or sole licence already "
                                     "covers this territory and period"})
    if is_pledged(patent) and not deal.pledgee_consent:
        found.append({"rule": "pledged", "article": "专利权质押登记办法 / pledge registration measures",
                      "message": "专利已质押，须经质权人同意 / the patent is pledged: the pledgee must consent"})
    return found


def deal_create(*, actor: Any, patent: Patent, kind: str, owner: Organisation, counterparty: Organisation,
                data: dict[str, Any]) -> Deal:
    if kind not in DealKind.values:
        raise ValidationFailed(details={"kind": "未知的交易类型 / unknown deal kind"})
    if owner.pk not in patent.owner_org_ids():
        raise ValidationFailed(details={"owner": "许可方或转让方须为专利权人 / the owner must hold the patent"})
    if owner.pk == counterparty.pk:
        raise ValidationFailed(details={"counterparty": "交易双方不能相同 / the parties must differ"})
    deal = Deal(kind=kind, patent=patent, owner=owner, counterparty=counterparty, created_by=actor,
                **{k: v for k, v in data.items() if k in ("territory", "starts_on", "ends_on", "amount", "terms",
                                                          "pledgee_consent")})
    if kind in LICENCE_KINDS and (deal.starts_on is None or deal.ends_on is None):
        raise ValidationFailed(details={"period": "许可须写明起止日期 / a licence needs its start and end dates"})
    if deal.starts_on and deal.ends_on and deal.ends_on < deal.starts_on:
        raise ValidationFailed(details={"ends_on": "结束日期早于开始日期 / the end is before the start"})
    if not is_party(actor, deal):
        raise PermissionDenied("只有交易一方可以创建交易 / only a party may open a deal")
    with set_actor(actor):
        deal.save()
    return deal


def deal_transition(*, actor: Any, deal: Deal, to: str, comment: str = "", today: date | None = None) -> Deal:
    if not is_party(actor, deal):
        raise PermissionDenied("只有交易双方及其单位可以办理 / only the parties may act on a deal")
    return _move(deal, to, actor=actor, comment=comment, today=today or timezone.localdate())


def deal_recorded(*, actor: Any, deal: Deal, today: date) -> Deal:
    """The recordation or transfer registration went through: the deal is recorded (and a transfer takes effect)."""
    return _move(deal, DealStatus.RECORDED, actor=actor, comment="备案/登记完成 / recorded", today=today)


def _move(deal: Deal, to: str, *, actor: Any, comment: str, today: date) -> Deal:
    with transaction.atomic():
        # Lock the patent: conflicting grants of the same patent are decided one after the other.
        Patent.objects.select_for_update().filter(pk=deal.patent_id).first()
        deal = Deal.objects.select_for_update().select_related("patent").get(pk=deal.pk)
        if to not in TRANSITIONS.get(deal.status, set()):
            raise Conflict(f"交易不能从“{DealStatus(deal.status).label}”转到“{to}” / a deal cannot go from "
                           f"{deal.status} to {to}", code="invalid_transition",
                           details={"status": deal.status, "allowed": sorted(TRANSITIONS[deal.status])})
        if to == DealStatus.SIGNED:
            problems = conflicts(deal, today)
            if problems:
                raise Conflict("交易与现有权利状态冲突 / the deal conflicts with the patent's rights",
                               code="deal_conflict", details={"conflicts": problems})
        DealTransition.objects.create(deal=deal, from_status=deal.status, to_status=to, comment=comment, actor=actor)
        deal.status = to
        if to == DealStatus.SIGNED:
            on_signed(deal, today)
        if to == DealStatus.RECORDED:
            deal.registered_on = today
            if deal.kind == DealKind.TRANSFER:
                _transfer_ownership(deal)
        with set_actor(actor):
            deal.save()
    return deal


def _transfer_ownership(deal: Deal) -> None:
    """A transfer takes effect on registration (Patent Law Art 10): the assignee replaces the assignor."""
    link = PatentApplicant.objects.filter(patent=deal.patent, organisation=deal.owner).first()
    if link is not None:
        link.organisation, link.name = deal.counterparty, deal.counterparty.name
        link.save(update_fields=["organisation", "name"])
    names = [deal.counterparty.name if n == deal.owner.name else n for n in deal.patent.applicant_names]
    Patent.objects.filter(pk=deal.patent_id).update(applicant_names=names)


def on_signed(deal: Deal, today: date) -> None:
    """A signed deal prepares its recordation (licences) or registration (transfers), due in three months, and its
    technology-contract registration (its amount counts toward the turnover target)."""
    from dateutil.relativedelta import relativedelta

    from patentbridge.recordation.models import (
        LicenceType,
        Recordation,
        RecordationKind,
        TechContractRegistration,
    )

    licence_type = {DealKind.ORDINARY_LICENCE: LicenceType.ORDINARY, DealKind.SOLE_LICENCE: LicenceType.SOLE,
                    DealKind.EXCLUSIVE_LICENCE: LicenceType.EXCLUSIVE}.get(deal.kind, "")
    if deal.kind in LICENCE_KINDS or deal.kind == DealKind.TRANSFER:
        Recordation.objects.get_or_create(deal=deal, defaults={
            "kind": RecordationKind.TRANSFER if deal.kind == DealKind.TRANSFER else RecordationKind.LICENCE,
            "patent": deal.patent, "licensor": deal.owner, "licensee": deal.counterparty,
            "licence_type": licence_type, "starts_on": deal.starts_on or today, "ends_on": deal.ends_on or today,
            "contract_effective_on": today, "deadline": today + relativedelta(months=3)})
    TechContractRegistration.objects.get_or_create(deal=deal, defaults={
        "patent": deal.patent, "seller": deal.owner, "buyer": deal.counterparty, "contract_amount": deal.amount,
        "technology_amount": deal.amount, "registered_on": today, "city": deal.owner.city})

"""Writes of inventor revenue. Money is Decimal throughout, rounded to the fen (0.01) half up; the rounding
remainder of an allocation goes to the largest share so that the shares add up to the reward pool exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, DomainError, ValidationFailed
from patentbridge.core.money import money, non_negative
from patentbridge.core.validators import check_past_event
from patentbridge.deals.models import ROYALTY_MODES
from patentbridge.licensing.models import PaymentMode
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.permissions import Capability, user_ids_with
from patentbridge.recordation.contracts import contract_royalty_received
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.revenue.models import (
    Income,
    IncomeKind,
    InventorShare,
    JurisdictionFloor,
    RewardPayment,
    RewardPolicy,
)

HUNDRED = Decimal(100)
# Art 45 ¶2 binds the rules of state-established universities and research institutes; the platform cannot tell a
# private university from a public one, so every university and institute is taken as state-established.
FLOOR_BOUND_KINDS = (OrgKind.UNIVERSITY, OrgKind.INSTITUTE)


def policy_save(*, actor: Any, organisation: Organisation, jurisdiction: JurisdictionFloor,
                data: dict[str, Any]) -> RewardPolicy:
    """The organisation's reward policy. A university's or institute's is refused below the statutory floors and
    flagged below a review threshold; an enterprise sets its own (促进科技成果转化法 Art 44–45)."""
    values = {k: non_negative(data.get(k), k) for k in ("licence_share", "equity_share", "profit_share",
                                                     "main_contributor_share")}
    bound = organisation.kind in FLOOR_BOUND_KINDS
    errors = {}
    for key, floor in (("licence_share", jurisdiction.licence_floor), ("equity_share", jurisdiction.equity_floor),
                       ("profit_share", jurisdiction.profit_floor),
                       ("main_contributor_share", jurisdiction.main_contributor_floor)):
        if values[key] > HUNDRED:
            errors[key] = _("At most 100 %.")
        elif bound and values[key] < floor:
            errors[key] = _("Below the statutory floor of %(floor)s %% (Law on Promoting the Transformation of Scientific and Technological Achievements, Art 45).") % {"floor": floor}
    deductions = _deductions(data.get("deductions") or [])
    years = int(data.get("profit_years") or 3)
    if not 3 <= years <= 5:
        errors["profit_years"] = _("Profit sharing lasts 3 to 5 years.")
    if errors:
        raise ValidationFailed(_("The policy breaks the statutory rules."), details=errors)
    review = (bound and jurisdiction.review_below is not None
              and values["licence_share"] < jurisdiction.review_below)
    policy, _created = RewardPolicy.objects.get_or_create(
        organisation=organisation, defaults={"jurisdiction": jurisdiction, **values, "updated_by": actor})
    for key, value in values.items():
        setattr(policy, key, value)
    policy.jurisdiction, policy.profit_years, policy.deductions, policy.updated_by = (jurisdiction, years, deductions,
                                                                                      actor)
    policy.needs_review = review
    policy.review_reason = (_("Below the review line of %(region)s, %(line)s%% (the local standard is unverified: "
                              "60%% or 70%%)") % {"region": jurisdiction.name, "line": jurisdiction.review_below}
                            if review else "")
    with set_actor(actor):
        policy.save()
    return policy


def _deductions(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    clean = []
    for item in items:
        name = str(item.get("name", "")).strip()
        if not name:
            raise ValidationFailed(details={"deductions": _("Each deduction needs a name.")})
        if "percent" in item:
            percent = non_negative(item["percent"], "deductions")
            if percent > HUNDRED:
                raise ValidationFailed(details={"deductions": _("%(name)s is more than 100 %%.") % {"name": name}})
            clean.append({"name": name, "percent": str(percent)})
        else:
            clean.append({"name": name, "amount": str(non_negative(item.get("amount"), "deductions"))})
    return clean


RATE_FOR_KIND = {IncomeKind.LICENCE: "licence_share", IncomeKind.TRANSFER: "licence_share",
                 IncomeKind.EQUITY: "equity_share", IncomeKind.PROFIT: "profit_share"}


def income_record(*, actor: Any, organisation: Organisation, kind: str, gross: Any, received_on: date,
                  description: str, open_licence: Any = None, deal: Any = None) -> Income:
    """Net income = receipts less the policy's deductions (floored at zero); the reward pool = net × the share.
    The same receipt (source, day, amount) is recorded once; its day is neither ahead nor before its contract."""
    policy = RewardPolicy.objects.filter(organisation=organisation).select_related("jurisdiction").first()
    if policy is None:
        raise Conflict(_("Set the institution's reward policy first."), code="no_policy")
    if kind not in IncomeKind.values:
        raise ValidationFailed(details={"kind": _("Choose the kind of income.")})
    if open_licence is not None and deal is not None:
        raise ValidationFailed(details={"deal": _("Income comes from one licence or one deal, not both.")})
    if len(description) > DESCRIPTION_MAX:
        raise ValidationFailed(details={"description": _("At most %(n)s characters.") % {"n": DESCRIPTION_MAX}})
    amount = money(non_negative(gross, "gross"))
    _check_received_on(received_on, open_licence=open_licence, deal=deal)
    income = Income(organisation=organisation, kind=kind, description=description, open_licence=open_licence,
                    deal=deal, received_on=received_on, gross=amount, recorded_by=actor)
    _refuse_duplicate(income)
    income.deductions, income.net = _net(amount, policy.deductions)
    income.reward_rate = getattr(policy, RATE_FOR_KIND[kind])
    income.reward_pool = money(income.net * income.reward_rate / HUNDRED)
    try:
        with transaction.atomic(), set_actor(actor):
            income.save()
    except IntegrityError:
        _refuse_duplicate(income)  # a second request recorded the same receipt in the meantime
        raise
    _royalty_turnover(income, actor=actor)
    _notify_income(income, actor=actor)
    return income


DESCRIPTION_MAX = Income._meta.get_field("description").max_length


def _net(amount: Decimal, deductions: list[dict[str, str]]) -> tuple[list[dict[str, str]], Decimal]:
    applied, net = [], amount
    for item in deductions:
        cut = money(amount * Decimal(item["percent"]) / HUNDRED) if "percent" in item else money(Decimal(item["amount"]))
        cut = min(cut, net)
        applied.append({"name": item["name"], "amount": str(cut)})
        net -= cut
    return applied, net


def contract_start(*, open_licence: Any = None, deal: Any = None) -> date | None:
    """The day the contract an income is paid under was made: its technology contract's signing, else the licence's
    written notice or the deal's start."""
    source = open_licence or deal
    if source is None:
        return None
    contract = source.tech_contract if open_licence is not None else deal.contract
    if contract is not None and contract.signed_on:
        return contract.signed_on
    if open_licence is not None:
        return timezone.localdate(open_licence.noticed_at) if open_licence.noticed_at else open_licence.starts_on
    return deal.starts_on


def _check_received_on(received_on: date, *, open_licence: Any, deal: Any) -> None:
    check_past_event(received_on, "received_on")
    start = contract_start(open_licence=open_licence, deal=deal)
    if start is not None and received_on < start:
        raise ValidationFailed(details={"received_on": _(
            "This is before the contract it is paid under was made (%(day)s).") % {
            "day": formats.date_format(start, "Y-m-d")}})


def same_income(income: Income) -> Income | None:
    """An income already recorded for the same receipt: the same licence or deal (or, without one, the same
    organisation, kind and description), received the same day, of the same amount."""
    same = Income.objects.filter(received_on=income.received_on, gross=income.gross)
    if income.open_licence is not None:
        same = same.filter(open_licence=income.open_licence)
    elif income.deal is not None:
        same = same.filter(deal=income.deal)
    else:
        same = same.filter(organisation=income.organisation, kind=income.kind, description=income.description,
                           open_licence__isnull=True, deal__isnull=True)
    return same.exclude(pk=income.pk).order_by("pk").first()


def _refuse_duplicate(income: Income) -> None:
    earlier = same_income(income)
    if earlier is None:
        return
    raise Conflict(
        _("This receipt is already recorded: income no. %(pk)s, %(description)s, ¥%(gross)s received on %(day)s, "
          "recorded on %(recorded)s. A second payment of the same amount is recorded with the day it was received.")
        % {"pk": earlier.pk, "description": earlier.description, "gross": earlier.gross,
           "day": formats.date_format(earlier.received_on, "Y-m-d"),
           "recorded": formats.date_format(timezone.localdate(earlier.recorded_at), "Y-m-d")},
        code="duplicate_income",
        details={"received_on": _("Income no. %(pk)s has the same source, day and amount.") % {"pk": earlier.pk}})


def _income_patent(income: Income) -> Any:
    if income.open_licence is not None:
        return income.open_licence.declaration.patent
    return income.deal.patent if income.deal is not None else None


def _notify_income(income: Income, *, actor: Any) -> None:
    """The office members who allocate it, and the inventor the office assigned to the patent that earned it."""
    patent = _income_patent(income)
    entry = getattr(patent, "pool_entry", None) if patent is not None else None
    inventors = {entry.inventor_id} if entry is not None and entry.organisation_id == income.organisation_id else set()
    params = {"amount": str(income.gross), "description": income.description}
    office = user_ids_with(Capability.COMMIT, [income.organisation_id])
    notify(recipients=office, kind=NoticeKind.INCOME_RECORDED, params=params,
           link=reverse("revenue:income_detail", args=[income.pk]), key=f"income:{income.pk}",
           organisation=income.organisation_id, actor=actor)
    notify(recipients=inventors - office - {None}, kind=NoticeKind.INCOME_RECORDED, params=params,
           link=reverse("revenue:statement"), key=f"income:{income.pk}", organisation=income.organisation_id,
           actor=actor)


# Open-licence payment modes whose receipts after the licence is taken are running royalties (rules.md §1.1).
ROYALTY_LICENCE_MODES = (PaymentMode.ROYALTY_SALES, PaymentMode.ROYALTY_PROFIT, PaymentMode.ENTRY_PLUS_ROYALTY)


def _royalty_turnover(income: Income, *, actor: Any) -> None:
    """Royalties received under a royalty licence or deal are technology-contract turnover: the contract's
    registered amounts grow with them (recordation.contracts.contract_royalty_received)."""
    contract = royalty_contract(income)
    if contract is not None:
        contract_royalty_received(contract=contract, amount=income.gross, received_on=income.received_on,
                                  reference=f"revenue-income-{income.pk}", actor=actor)


def royalty_contract(income: Income) -> TechContractRegistration | None:
    """The technology contract whose royalties the income is, if it is paid by running royalty."""
    if income.open_licence is not None and income.open_licence.declaration.payment_mode in ROYALTY_LICENCE_MODES:
        return income.open_licence.tech_contract
    if income.deal is not None and income.deal.payment_mode in ROYALTY_MODES:
        return income.deal.tech_contract
    return None


@dataclass(frozen=True)
class ShareIn:
    name: str
    weight: Decimal  # percent of the reward pool
    main_contributor: bool = False
    inventor: Any = None  # the inventor's user account, when they have one


def allocate(*, actor: Any, income: Income, shares: list[ShareIn]) -> list[InventorShare]:
    """Split the reward pool once: weights add to 100 %, main contributors together get at least the policy's part."""
    _check_shares(shares, floor=income.organisation.reward_policy.main_contributor_share)
    with transaction.atomic():
        # Lock the income: a second allocation waits for the first and then sees its shares.
        income = Income.objects.select_for_update().get(pk=income.pk)
        already = Conflict(_("This income is already allocated."), code="already_allocated")
        if income.shares.exists():
            raise already
        amounts = _split(income.reward_pool, shares)
        _add(Income.objects.filter(pk=income.pk), "allocated", sum(amounts, Decimal(0)), refused=already)
        with set_actor(actor):
            created = [InventorShare.objects.create(income=income, inventor=s.inventor, name=s.name.strip(),
                                                    weight=s.weight, main_contributor=s.main_contributor, amount=a)
                       for s, a in zip(shares, amounts, strict=True)]
    for share in created:
        if share.inventor_id is not None:
            notify(recipients=[share.inventor_id], kind=NoticeKind.SHARE_ALLOCATED,
                   params={"amount": str(share.amount), "description": income.description},
                   link=reverse("revenue:statement"), key=f"share:{share.pk}", organisation=income.organisation_id,
                   actor=actor)
    return created


def _check_shares(shares: list[ShareIn], *, floor: Decimal) -> None:
    if not shares:
        raise ValidationFailed(details={"shares": _("Name at least one inventor.")})
    if len({s.name.strip() for s in shares}) < len(shares):
        raise ValidationFailed(details={"shares": _("Name each inventor once.")})
    total = sum((s.weight for s in shares), Decimal(0))
    if total != HUNDRED:
        raise ValidationFailed(details={"shares": _("The shares must add up to 100 %%; they add up to %(total)s %%.")
                                                  % {"total": total}})
    main = sum((s.weight for s in shares if s.main_contributor), Decimal(0))
    if main < floor:
        raise ValidationFailed(details={"shares": _("The main contributors get %(main)s %% together, below the "
                                                    "policy's %(floor)s %% (State Council 2016 No. 16).")
                                                  % {"main": main, "floor": floor}})


def _split(pool: Decimal, shares: list[ShareIn]) -> list[Decimal]:
    amounts = [money(pool * s.weight / HUNDRED) for s in shares]
    largest = max(range(len(shares)), key=lambda i: shares[i].weight)
    amounts[largest] += pool - sum(amounts, Decimal(0))
    return amounts


def pay(*, actor: Any, share: InventorShare, amount: Any, paid_on: date, reference: str = "") -> RewardPayment:
    """A payment to an inventor, never more than what is still owed on the share."""
    value = money(non_negative(amount, "amount"))
    check_past_event(paid_on, "paid_on")
    with transaction.atomic():
        # Lock the share: concurrent payments are decided one after the other, each seeing the others' total.
        share = InventorShare.objects.select_for_update().get(pk=share.pk)
        refused = ValidationFailed(details={"amount": _("Enter an amount above zero and at most the %(owed)s still owed.") % {"owed": share.owed}})
        if not 0 < value <= share.owed:  # also keeps sums too large for the column away from the database
            raise refused
        _add(InventorShare.objects.filter(pk=share.pk), "paid", value, refused=refused)
        share.paid += value  # exact: the row is locked
        with set_actor(actor):
            return RewardPayment.objects.create(share=share, amount=value, paid_on=paid_on, reference=reference,
                                                recorded_by=actor)


def _add(rows: QuerySet[Any], total: str, value: Decimal, *, refused: DomainError) -> None:
    """Add to a running total capped by a CheckConstraint; the database refusing it raises the domain error."""
    try:
        with transaction.atomic():
            rows.update(**{total: F(total) + value})
    except IntegrityError as exc:
        raise refused from exc

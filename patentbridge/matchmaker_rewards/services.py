"""Writes of matchmaker rewards: a city's policy versions (its regulator), and the application → approval → payment
ledger (the commissioner applies for an attributed deal or withdraws; the city's regulator approves — the calculated
amount or less, with the reason — or refuses with reasons, then records the payment). Every write is change-logged
with its actor; notices go to the other side. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.commissioners.models import Attribution
from patentbridge.core.calculation import Calculation, yuan
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.money import money
from patentbridge.deals.models import DealKind
from patentbridge.matchmaker_rewards.calculation import Payee, calculate
from patentbridge.matchmaker_rewards.eligibility import basis_amount, checks, failures
from patentbridge.matchmaker_rewards.models import (
    LIVE_STATUSES,
    ApplicationStatus,
    Beneficiary,
    MatchmakerApplication,
    MatchmakerPolicy,
)
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize, regulator_user_ids

S = ApplicationStatus


class By(StrEnum):
    COMMISSIONER = "commissioner"  # the commissioner of the confirmed attribution (Action.MM_REWARD_APPLY)
    REGULATOR = "regulator"  # a regulator governing the policy's city (Action.MM_REWARD_DECIDE)


# The application's lifecycle: each allowed (from, to) step and who takes it. Nothing else is allowed.
MM_REWARD_STEPS: dict[tuple[str, str], By] = {
    (S.APPLIED, S.APPROVED): By.REGULATOR,
    (S.APPLIED, S.REFUSED): By.REGULATOR,
    (S.APPLIED, S.WITHDRAWN): By.COMMISSIONER,
    (S.APPROVED, S.PAID): By.REGULATOR,
}
LABELS = dict(S.choices)

POLICY_FIELDS = ("title", "beneficiary", "basis", "first_year", "last_year", "rate", "fixed_amount", "deal_cap",
                 "beneficiary_cap", "budget", "deal_kinds", "university_enterprise", "party_in_city", "min_status",
                 "contract_registered", "is_example", "source")


# ---------------------------------------------------------------------------------------------- policy

def policy_save(*, actor: Any, city: City, data: dict[str, Any], policy: MatchmakerPolicy | None = None,
                request: Any = None) -> MatchmakerPolicy:
    """Create or change a version of the city's policy, for a regulator governing the city (and, for a change, the
    version's own city). Applications already decided keep the policy they were decided under."""
    authorize(actor, Action.MM_REWARD_POLICY_EDIT, city, request=request)
    if policy is not None:
        authorize(actor, Action.MM_REWARD_POLICY_EDIT, policy.city, request=request)
    _check_policy(data)
    if policy is not None:
        _refuse_moving_applications(policy, city, data["beneficiary"])
    target = policy or MatchmakerPolicy(city=city, created_by=actor)
    for name in POLICY_FIELDS:
        setattr(target, name, data[name])
    target.city, target.updated_by = city, actor
    _refuse_overlap(target)
    with set_actor(actor):
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as exc:
            raise Conflict(_("The city already has a version of this policy from that year."),
                           code="policy_version_exists") from exc
    return target


def _check_policy(data: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    if data["last_year"] is not None and data["last_year"] < data["first_year"]:
        problems["last_year"] = _("The last year is before the first.")
    if not Decimal(0) <= data["rate"] <= 100:
        problems["rate"] = _("A percentage from 0 to 100.")
    elif not data["rate"] and not data["fixed_amount"]:
        problems["rate"] = _("Enter a share of the amount, a fixed amount, or both.")
    wrong = [value for value in data["deal_kinds"] if value not in DealKind.values]
    if wrong:
        problems["deal_kinds"] = _("Unknown deal kind: %(kinds)s") % {"kinds": ", ".join(map(str, wrong))}
    if problems:
        raise ValidationFailed(details=problems)


def _refuse_moving_applications(policy: MatchmakerPolicy, city: City, beneficiary: str) -> None:
    """Applications name the city and beneficiary they were made under: a version that has some keeps both."""
    if (policy.city_id != city.pk or policy.beneficiary != beneficiary) and policy.applications.exists():
        raise Conflict(_("Applications were made under this version: its city and beneficiary stay; enter a new "
                         "version instead."), code="policy_has_applications")


def _refuse_overlap(policy: MatchmakerPolicy) -> None:
    """Versions of one city's policy for one kind of beneficiary follow each other: their years never overlap."""
    others = MatchmakerPolicy.objects.filter(city=policy.city, beneficiary=policy.beneficiary).exclude(pk=policy.pk)
    end = policy.last_year if policy.last_year is not None else 9999
    for other in others.filter(first_year__lte=end):
        if other.last_year is None or other.last_year >= policy.first_year:
            raise Conflict(_("Its years overlap the version “%(title)s” (from %(first)s): end that version first.")
                           % {"title": other.title, "first": other.first_year}, code="policy_years_overlap",
                           details={"policy": other.pk})


def policy_snapshot(policy: MatchmakerPolicy) -> dict[str, Any]:
    """The policy as it stood, kept on the application (amounts as text so they stay exact)."""
    snapshot = {name: getattr(policy, name) for name in POLICY_FIELDS}
    for name, value in snapshot.items():
        if isinstance(value, Decimal):
            snapshot[name] = str(value)
    return {**snapshot, "id": policy.pk, "city": policy.city_id, "updated_at": policy.updated_at.isoformat()}


# ---------------------------------------------------------------------------------------------- applications

def payee_of(attribution: Attribution) -> Payee:
    return Payee(commissioner_id=attribution.designation.commissioner_id,
                 agency_id=attribution.designation.organisation_id)


def calculation_for(policy: MatchmakerPolicy, attribution: Attribution, year: int,
                    excluding: int | None = None) -> Calculation:
    """What the policy gives the attributed deal for the year, as the caps and the budget stand now."""
    return calculate(policy, basis_amount(policy, attribution.deal, year), year, payee=payee_of(attribution),
                     excluding=excluding)


def _move(application: MatchmakerApplication, to: str, *, by: By) -> None:
    step_require([step for step, who in MM_REWARD_STEPS.items() if who == by], application.status, to, labels=LABELS)
    application.status = to


def _facts(application: MatchmakerApplication, amount: Decimal | None = None, **more: str) -> dict[str, str]:
    facts = {"deal": str(application.deal), "year": str(application.year),
             "beneficiary": application.beneficiary_name()}
    if amount is not None:
        facts["amount"] = yuan(amount)
    return {**facts, **more}


def _tell(application: MatchmakerApplication, *, kind: str, variant: str, recipients: set[int], actor: Any,
          **facts: Any) -> None:
    notify(recipients=recipients, kind=kind, params={"variant": variant, **facts},
           link=reverse("matchmaker_rewards:application", args=[application.pk]),
           key=f"mm_reward:{application.pk}:{variant}", organisation=application.agency, actor=actor)


def _tell_commissioner(application: MatchmakerApplication, *, variant: str, actor: Any, **facts: Any) -> None:
    _tell(application, kind=NoticeKind.REVIEW_DECISION, variant=variant, actor=actor,
          recipients={application.commissioner_id}, **facts)


def _tell_regulators(application: MatchmakerApplication, *, variant: str, actor: Any, **facts: Any) -> None:
    _tell(application, kind=NoticeKind.REVIEW_REQUESTED, variant=variant, actor=actor,
          recipients=regulator_user_ids(application.city_id), **facts)


def reward_apply(*, actor: Any, attribution: Attribution, policy: MatchmakerPolicy, year: int, team: str = "",
                 request: Any = None) -> MatchmakerApplication:
    """Apply for the reward of the commissioner's attributed deal for the year under the policy; refused with every
    unmet rule, when the calculation gives nothing, or when the deal already holds a reward for the year."""
    authorize(actor, Action.MM_REWARD_APPLY, attribution, request=request)
    attribution = (Attribution.objects.select_for_update(of=("self",)).select_related(
        "deal__owner", "deal__counterparty", "deal__contract", "designation").get(pk=attribution.pk))
    unmet = failures(checks(policy, attribution, year))
    if policy.beneficiary == Beneficiary.TEAM and not team.strip():
        unmet.append(_("Name the team's members."))
    if unmet:
        raise ValidationFailed(_("The deal does not meet the policy's rules."), code="not_eligible",
                               details={"rules": unmet})
    _refuse_second(attribution, year)
    calculation = calculation_for(policy, attribution, year)
    if calculation.result <= 0:
        raise ValidationFailed(_("The calculation gives no reward: the caps or the budget are used up."),
                               code="nothing_to_award", details={"steps": [s.text() for s in calculation.steps]})
    application = MatchmakerApplication(
        policy=policy, city=policy.city, year=year, deal=attribution.deal, attribution=attribution,
        beneficiary=policy.beneficiary, commissioner_id=attribution.designation.commissioner_id,
        agency_id=attribution.designation.organisation_id,
        team=team.strip() if policy.beneficiary == Beneficiary.TEAM else "",
        basis_amount=calculation.basis_amount, calculated_amount=calculation.result,
        calculation=calculation.as_json(), policy_snapshot=policy_snapshot(policy), applied_by=actor,
        applied_at=timezone.now())
    with set_actor(actor):
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:  # a second request for the same reward raced this one
            raise _already(attribution, year) from exc
    _tell_regulators(application, variant="mm_reward_applied", actor=actor, **_facts(application, calculation.result))
    return application


def _refuse_second(attribution: Attribution, year: int) -> None:
    if MatchmakerApplication.objects.filter(deal_id=attribution.deal_id, year=year,
                                            status__in=LIVE_STATUSES).exists():
        raise _already(attribution, year)


def _already(attribution: Attribution, year: int) -> Conflict:
    return Conflict(_("The deal “%(deal)s” already has an application for the %(year)s reward.")
                    % {"deal": attribution.deal, "year": year}, code="already_applied")


def _locked(application: MatchmakerApplication) -> MatchmakerApplication:
    return (MatchmakerApplication.objects.select_for_update(of=("self",))
            .select_related("policy__city", "deal", "attribution__deal", "attribution__designation",
                            "commissioner", "agency").get(pk=application.pk))


def reward_approve(*, actor: Any, application: MatchmakerApplication, amount: Decimal | None = None,
                   reason: str = "", request: Any = None) -> MatchmakerApplication:
    """Approve the reward at the amount the policy gives now (or less, with the reason why; never more). The policy
    and the calculation are frozen onto the application."""
    authorize(actor, Action.MM_REWARD_DECIDE, application, request=request)
    application = _locked(application)
    _move(application, S.APPROVED, by=By.REGULATOR)
    MatchmakerPolicy.objects.select_for_update().filter(pk=application.policy_id).first()  # one budget at a time
    calculation = calculation_for(application.policy, application.attribution, application.year,
                                  excluding=application.pk)
    approved = _approved_amount(calculation, amount, reason)
    application.basis_amount, application.calculated_amount = calculation.basis_amount, calculation.result
    application.calculation, application.policy_snapshot = calculation.as_json(), policy_snapshot(application.policy)
    application.approved_amount, application.reduction_reason = approved, reason.strip()
    _decided(application, actor)
    _tell_commissioner(application, variant="mm_reward_approved", actor=actor, **_facts(application, approved))
    return application


def _approved_amount(calculation: Calculation, amount: Decimal | None, reason: str) -> Decimal:
    ceiling = calculation.result
    approved = ceiling if amount is None else money(amount)
    if approved > ceiling:
        raise ValidationFailed(details={"amount": _("At most the calculated %(amount)s.") % {"amount": yuan(ceiling)}},
                               code="above_calculation")
    if approved <= 0:
        raise ValidationFailed(details={"amount": _("Approve an amount above zero, or refuse the application.")},
                               code="nothing_to_award")
    if approved < ceiling and not reason.strip():
        raise ValidationFailed(details={"reason": _("Say why the reward is reduced.")}, code="reduction_reason")
    return approved


def _decided(application: MatchmakerApplication, actor: Any) -> None:
    application.decided_by, application.decided_at = actor, timezone.now()
    with set_actor(actor):
        application.save()


def reward_refuse(*, actor: Any, application: MatchmakerApplication, reason: str,
                  request: Any = None) -> MatchmakerApplication:
    """Refuse the application, with the reasons."""
    authorize(actor, Action.MM_REWARD_DECIDE, application, request=request)
    application = _locked(application)
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Give the reasons for refusing.")})
    _move(application, S.REFUSED, by=By.REGULATOR)
    application.decision_note = reason.strip()
    _decided(application, actor)
    _tell_commissioner(application, variant="mm_reward_refused", actor=actor,
                       **_facts(application, reason=reason.strip()))
    return application


def reward_pay(*, actor: Any, application: MatchmakerApplication, amount: Decimal, paid_on: dt.date, reference: str,
               request: Any = None) -> MatchmakerApplication:
    """Record the payment of an approved reward: exactly the approved amount, on a day since its approval."""
    authorize(actor, Action.MM_REWARD_DECIDE, application, request=request)
    application = _locked(application)
    _move(application, S.PAID, by=By.REGULATOR)
    _check_payment(application, money(amount), paid_on, reference)
    application.paid_amount, application.paid_on = money(amount), paid_on
    application.payment_reference, application.paid_by = reference.strip(), actor
    with set_actor(actor):
        application.save()
    _tell_commissioner(application, variant="mm_reward_paid", actor=actor,
                       **_facts(application, application.paid_amount))
    return application


def _check_payment(application: MatchmakerApplication, amount: Decimal, paid_on: dt.date, reference: str) -> None:
    problems = {}
    if amount != application.approved_amount:
        problems["amount"] = _("The payment must be the approved amount, %(amount)s.") % {
            "amount": yuan(application.approved_amount)}
    if paid_on > timezone.localdate() or paid_on < timezone.localtime(application.decided_at).date():
        problems["paid_on"] = _("A day from the approval to today.")
    if not reference.strip():
        problems["reference"] = _("Enter the payment's reference (voucher or transfer number).")
    if problems:
        raise ValidationFailed(details=problems, code="payment_refused")


def reward_withdraw(*, actor: Any, application: MatchmakerApplication,
                    request: Any = None) -> MatchmakerApplication:
    """Withdraw an application not yet decided, for its commissioner."""
    authorize(actor, Action.MM_REWARD_APPLY, application, request=request)
    application = _locked(application)
    _move(application, S.WITHDRAWN, by=By.COMMISSIONER)
    with set_actor(actor):
        application.save()
    _tell_regulators(application, variant="mm_reward_withdrawn", actor=actor, **_facts(application))
    return application

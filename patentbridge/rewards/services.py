"""Writes of sales-based rewards: a city's policy, and each application's steps (REWARD_STEPS: the enterprise
applies or withdraws, the city's regulator approves, refuses and records the payment). Every write is change-logged
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

from patentbridge.core.calculation import Calculation, yuan
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.money import money
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import City, SizeClass
from patentbridge.orgs.permissions import Action, Capability, authorize, regulator_user_ids, user_ids_with
from patentbridge.products.models import Product
from patentbridge.rewards.calculation import calculate
from patentbridge.rewards.eligibility import checks, failures, year_data
from patentbridge.rewards.models import LIVE_STATUSES, ApplicationStatus, RewardApplication, SalesRewardPolicy

S = ApplicationStatus


class By(StrEnum):
    ENTERPRISE = "enterprise"  # a signatory or enterprise user of the filer (Action.REWARD_APPLY)
    REGULATOR = "regulator"  # a regulator governing the policy's city (Action.REWARD_DECIDE)


# The application's lifecycle: each allowed (from, to) step and who takes it. Nothing else is allowed.
REWARD_STEPS: dict[tuple[str, str], By] = {
    (S.APPLIED, S.APPROVED): By.REGULATOR,
    (S.APPLIED, S.REFUSED): By.REGULATOR,
    (S.APPLIED, S.WITHDRAWN): By.ENTERPRISE,
    (S.APPROVED, S.PAID): By.REGULATOR,
}
LABELS = dict(S.choices)

POLICY_FIELDS = ("title", "basis", "first_year", "last_year", "rate", "fixed_amount", "product_cap",
                 "enterprise_cap", "budget", "filer_in_city", "on_time_only", "min_sales", "size_classes",
                 "is_example", "source")


# ---------------------------------------------------------------------------------------------- policy

def policy_save(*, actor: Any, city: City, data: dict[str, Any], policy: SalesRewardPolicy | None = None,
                request: Any = None) -> SalesRewardPolicy:
    """Create or change a version of the city's policy, for a regulator governing the city. Applications already
    decided keep the policy they were decided under."""
    authorize(actor, Action.REWARD_POLICY_EDIT, city, request=request)
    if policy is not None:
        authorize(actor, Action.REWARD_POLICY_EDIT, policy.city, request=request)
    _check_policy(data)
    if policy is not None:
        _refuse_moving_applications(policy, city, data["basis"])
    target = policy or SalesRewardPolicy(city=city, created_by=actor)
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
    wrong = [value for value in data["size_classes"] if value not in SizeClass.values]
    if wrong:
        problems["size_classes"] = _("Unknown size: %(sizes)s") % {"sizes": ", ".join(map(str, wrong))}
    if not data["rate"] and not data["fixed_amount"]:
        problems["rate"] = _("Enter a share of sales, a fixed amount, or both.")
    if problems:
        raise ValidationFailed(details=problems)


def _refuse_moving_applications(policy: SalesRewardPolicy, city: City, basis: str) -> None:
    """Applications name the city and basis they were made under: a version that has some keeps both."""
    if (policy.city_id != city.pk or policy.basis != basis) and policy.applications.exists():
        raise Conflict(_("Applications were made under this version: its city and basis stay; enter a new version "
                         "instead."), code="policy_has_applications")


def _refuse_overlap(policy: SalesRewardPolicy) -> None:
    """Versions of one city's policy for one basis follow each other: their reward years never overlap."""
    others = SalesRewardPolicy.objects.filter(city=policy.city, basis=policy.basis).exclude(pk=policy.pk)
    end = policy.last_year if policy.last_year is not None else 9999
    for other in others.filter(first_year__lte=end):
        if other.last_year is None or other.last_year >= policy.first_year:
            raise Conflict(_("Its years overlap the version “%(title)s” (from %(first)s): end that version first.")
                           % {"title": other.title, "first": other.first_year}, code="policy_years_overlap",
                           details={"policy": other.pk})


# ---------------------------------------------------------------------------------------------- applications

def _move(application: RewardApplication, to: str, *, by: By) -> None:
    step_require([step for step, who in REWARD_STEPS.items() if who == by], application.status, to, labels=LABELS)
    application.status = to


def _facts(application: RewardApplication, amount: Decimal | None = None, **more: str) -> dict[str, str]:
    facts = {"enterprise": application.enterprise.name, "product": str(application.product),
             "year": str(application.year)}
    if amount is not None:
        facts["amount"] = yuan(amount)
    return {**facts, **more}


def _tell(application: RewardApplication, *, variant: str, recipients: set[int], actor: Any, **facts: Any) -> None:
    notify(recipients=recipients, kind=NoticeKind.REWARD_STEP, params={"variant": variant, **facts},
           link=reverse("rewards:application", args=[application.pk]), key=f"reward:{application.pk}:{variant}",
           organisation=application.enterprise, actor=actor)


def _tell_enterprise(application: RewardApplication, *, variant: str, actor: Any, **facts: Any) -> None:
    _tell(application, variant=variant, actor=actor, **facts,
          recipients=user_ids_with(Capability.READ, [application.enterprise_id]))


def _tell_regulators(application: RewardApplication, *, variant: str, actor: Any, **facts: Any) -> None:
    _tell(application, variant=variant, actor=actor, recipients=regulator_user_ids(application.city_id), **facts)


def reward_apply(*, actor: Any, product: Product, policy: SalesRewardPolicy, year: int,
                 request: Any = None) -> RewardApplication:
    """Apply for the product's reward for the year under the policy, for the filer's signatory or enterprise user;
    refused with every unmet rule, when the calculation gives nothing, or when the product already holds one."""
    authorize(actor, Action.REWARD_APPLY, product, request=request)
    product = Product.objects.select_for_update().select_related("filer").get(pk=product.pk)
    data = year_data(product, year)
    unmet = failures(checks(policy, product, year, data))
    if unmet:
        raise ValidationFailed(_("The product does not meet the policy's rules."), code="not_eligible",
                               details={"rules": unmet})
    _refuse_second(product, year, policy)
    calculation = calculate(policy, data, enterprise_id=product.filer_id)
    if calculation.result <= 0:
        raise ValidationFailed(_("The calculation gives no reward: the caps or the budget are used up."),
                               code="nothing_to_award", details={"steps": [s.text() for s in calculation.steps]})
    application = RewardApplication(
        policy=policy, city=policy.city, basis=policy.basis, year=year, product=product, enterprise=product.filer,
        data=data, calculated_amount=calculation.result, calculation=calculation.as_json(),
        policy_snapshot=policy_snapshot(policy), applied_by=actor, applied_at=timezone.now())
    with set_actor(actor):
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:  # a second request for the same reward raced this one
            raise _already(product, year, policy) from exc
    _tell_regulators(application, variant="applied", actor=actor, **_facts(application, calculation.result))
    return application


def _refuse_second(product: Product, year: int, policy: SalesRewardPolicy) -> None:
    if RewardApplication.objects.filter(product=product, year=year, basis=policy.basis,
                                        status__in=LIVE_STATUSES).exists():
        raise _already(product, year, policy)


def _already(product: Product, year: int, policy: SalesRewardPolicy) -> Conflict:
    return Conflict(_("“%(product)s” already has an application for the %(year)s reward on this basis.")
                    % {"product": product, "year": year}, code="already_applied")


def policy_snapshot(policy: SalesRewardPolicy) -> dict[str, Any]:
    """The policy as it stood, kept on the application (amounts as text so they stay exact)."""
    snapshot = {name: getattr(policy, name) for name in POLICY_FIELDS}
    for name, value in snapshot.items():
        if isinstance(value, Decimal):
            snapshot[name] = str(value)
    return {**snapshot, "id": policy.pk, "city": policy.city_id, "updated_at": policy.updated_at.isoformat()}


def _locked(application: RewardApplication) -> RewardApplication:
    return (RewardApplication.objects.select_for_update()
            .select_related("policy__city", "product", "enterprise", "data").get(pk=application.pk))


def reward_approve(*, actor: Any, application: RewardApplication, amount: Decimal | None = None, reason: str = "",
                   request: Any = None) -> RewardApplication:
    """Approve the reward at the amount the policy gives now (or less, with the reason why; never more). The
    policy and the calculation are frozen onto the application."""
    authorize(actor, Action.REWARD_DECIDE, application, request=request)
    application = _locked(application)
    _move(application, S.APPROVED, by=By.REGULATOR)
    SalesRewardPolicy.objects.select_for_update().filter(pk=application.policy_id).first()  # one budget at a time
    calculation = calculate(application.policy, application.data, enterprise_id=application.enterprise_id,
                            excluding=application.pk)
    approved = _approved_amount(calculation, amount, reason)
    application.calculated_amount, application.calculation = calculation.result, calculation.as_json()
    application.policy_snapshot = policy_snapshot(application.policy)
    application.approved_amount, application.reduction_reason = approved, reason.strip()
    _decided(application, actor)
    _tell_enterprise(application, variant="approved", actor=actor, **_facts(application, approved))
    return application


def _approved_amount(calculation: Calculation, amount: Decimal | None, reason: str) -> Decimal:
    ceiling = calculation.result
    approved = ceiling if amount is None else money(amount)
    if approved > ceiling:
        raise ValidationFailed(details={"amount": _("At most the calculated %(amount)s.") % {"amount": yuan(ceiling)}},
                               code="above_calculation")
    if approved <= 0:
        raise ValidationFailed(details={"amount": _("Approve an amount above zero, or refuse the application.")})
    if approved < ceiling and not reason.strip():
        raise ValidationFailed(details={"reason": _("Say why the reward is reduced.")}, code="reduction_reason")
    return approved


def _decided(application: RewardApplication, actor: Any) -> None:
    application.decided_by, application.decided_at = actor, timezone.now()
    with set_actor(actor):
        application.save()


def reward_refuse(*, actor: Any, application: RewardApplication, reason: str,
                  request: Any = None) -> RewardApplication:
    """Refuse the application, with the reasons."""
    authorize(actor, Action.REWARD_DECIDE, application, request=request)
    application = _locked(application)
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Give the reasons for refusing.")})
    _move(application, S.REFUSED, by=By.REGULATOR)
    application.decision_note = reason.strip()
    _decided(application, actor)
    _tell_enterprise(application, variant="refused", actor=actor, **_facts(application, reason=reason.strip()))
    return application


def reward_pay(*, actor: Any, application: RewardApplication, amount: Decimal, paid_on: dt.date, reference: str,
               request: Any = None) -> RewardApplication:
    """Record the payment of an approved reward: exactly the approved amount, on a day since its approval."""
    authorize(actor, Action.REWARD_DECIDE, application, request=request)
    application = _locked(application)
    _move(application, S.PAID, by=By.REGULATOR)
    _check_payment(application, money(amount), paid_on, reference)
    application.paid_amount, application.paid_on = money(amount), paid_on
    application.payment_reference, application.paid_by = reference.strip(), actor
    with set_actor(actor):
        application.save()
    _tell_enterprise(application, variant="paid", actor=actor, **_facts(application, application.paid_amount))
    return application


def _check_payment(application: RewardApplication, amount: Decimal, paid_on: dt.date, reference: str) -> None:
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


def reward_withdraw(*, actor: Any, application: RewardApplication, request: Any = None) -> RewardApplication:
    """Withdraw an application not yet decided, for the filer's own people."""
    authorize(actor, Action.REWARD_APPLY, application.product, request=request)
    application = _locked(application)
    _move(application, S.WITHDRAWN, by=By.ENTERPRISE)
    with set_actor(actor):
        application.save()
    _tell_regulators(application, variant="withdrawn", actor=actor, **_facts(application))
    return application

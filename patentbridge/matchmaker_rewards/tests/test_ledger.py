"""The application → approval → payment ledger: who may take each step, every allowed and forbidden step, the money
invariants in the database, one reward per deal and year, the calculation frozen on approval, notices."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patentbridge.commissioners.tests.factories import regulator_of
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.matchmaker_rewards.models import ApplicationStatus, Beneficiary, MatchmakerApplication
from patentbridge.matchmaker_rewards.services import (
    MM_REWARD_STEPS,
    By,
    reward_apply,
    reward_approve,
    reward_pay,
    reward_refuse,
    reward_withdraw,
)
from patentbridge.matchmaker_rewards.tests.factories import SHENZHEN, YEAR, PolicyFactory, attributed
from patentbridge.notices.models import Notice
from patentbridge.orgs.tests.factories import signer_of

pytestmark = pytest.mark.django_db
S = ApplicationStatus
TODAY = dt.date.today


@pytest.fixture
def applied():
    """A commissioner's application for a 400,000 deal under Guangzhou's 5 % policy (20,000.00 calculated)."""
    attribution = attributed("400000.00")
    commissioner, clerk = attribution.designation.commissioner, regulator_of()
    application = reward_apply(actor=commissioner, attribution=attribution, policy=PolicyFactory(), year=YEAR)
    return application, commissioner, clerk


def test_the_commissioner_applies_for_the_calculated_amount(applied):
    application = applied[0]
    assert (application.status, application.calculated_amount) == (S.APPLIED, Decimal("20000.00"))


def test_someone_else_may_not_apply_for_the_commissioners_deal():
    attribution = attributed()
    with pytest.raises(PermissionDenied):
        reward_apply(actor=signer_of(attribution.deal.counterparty), attribution=attribution,
                     policy=PolicyFactory(), year=YEAR)


def test_an_ineligible_deal_is_refused_with_every_unmet_rule():
    attribution = attributed(registered=False, confirmed=False)
    with pytest.raises(ValidationFailed) as refused:
        reward_apply(actor=attribution.designation.commissioner, attribution=attribution, policy=PolicyFactory(),
                     year=YEAR)
    assert (refused.value.code, len(refused.value.details["rules"])) == ("not_eligible", 2)


def test_a_team_reward_names_the_team():
    attribution = attributed()
    with pytest.raises(ValidationFailed):
        reward_apply(actor=attribution.designation.commissioner, attribution=attribution,
                     policy=PolicyFactory(beneficiary=Beneficiary.TEAM), year=YEAR)


def test_a_second_application_for_the_deal_and_year_is_refused(applied):
    application, commissioner, _clerk = applied
    with pytest.raises(Conflict) as refused:
        reward_apply(actor=commissioner, attribution=application.attribution,
                     policy=PolicyFactory(city_id=SHENZHEN, party_in_city="none"), year=YEAR)
    assert refused.value.code == "already_applied"


def test_the_database_holds_one_live_reward_per_deal_and_year(applied):
    application = applied[0]
    twin = MatchmakerApplication(
        policy=application.policy, city=application.city, year=YEAR, deal=application.deal,
        attribution=application.attribution, beneficiary=application.beneficiary,
        commissioner=application.commissioner, agency=application.agency, basis_amount=Decimal("1"),
        calculated_amount=Decimal("1"), applied_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_after_a_refusal_the_deal_may_be_applied_for_again(applied):
    application, commissioner, clerk = applied
    reward_refuse(actor=clerk, application=application, reason="材料不全")
    again = reward_apply(actor=commissioner, attribution=application.attribution, policy=application.policy,
                         year=YEAR)
    assert again.status == S.APPLIED


def test_the_citys_regulator_approves_the_calculated_amount(applied):
    application, _commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application)
    assert (approved.status, approved.approved_amount) == (S.APPROVED, Decimal("20000.00"))


def test_a_reduced_approval_keeps_its_reason(applied):
    application, _commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application, amount=Decimal("15000"), reason="合同部分履行")
    assert (approved.approved_amount, approved.reduction_reason) == (Decimal("15000.00"), "合同部分履行")


def test_a_reduction_without_a_reason_is_refused(applied):
    application, _commissioner, clerk = applied
    with pytest.raises(ValidationFailed) as refused:
        reward_approve(actor=clerk, application=application, amount=Decimal("15000"))
    assert refused.value.code == "reduction_reason"


def test_approving_more_than_the_calculation_is_refused(applied):
    application, _commissioner, clerk = applied
    with pytest.raises(ValidationFailed) as refused:
        reward_approve(actor=clerk, application=application, amount=Decimal("20000.01"), reason="x")
    assert refused.value.code == "above_calculation"


def test_the_calculation_is_frozen_on_approval(applied):
    application, _commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application)
    application.policy.rate = Decimal("10")
    application.policy.save()
    approved.refresh_from_db()
    assert approved.calculation[-1]["amount"] == "20000.00" and approved.policy_snapshot["rate"] == "5.0000"


def test_a_provincial_regulator_may_approve_any_citys_reward(applied):
    assert reward_approve(actor=regulator_of(None), application=applied[0]).status == S.APPROVED


def test_another_citys_regulator_may_not_approve(applied):
    with pytest.raises(PermissionDenied):
        reward_approve(actor=regulator_of(SHENZHEN), application=applied[0])


def test_the_commissioner_may_not_approve_their_own_reward(applied):
    application, commissioner, _clerk = applied
    with pytest.raises(PermissionDenied):
        reward_approve(actor=commissioner, application=application)


def test_a_refusal_needs_reasons(applied):
    application, _commissioner, clerk = applied
    with pytest.raises(ValidationFailed):
        reward_refuse(actor=clerk, application=application, reason="  ")


def test_the_payment_is_the_approved_amount(applied):
    application, _commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application, amount=Decimal("15000"), reason="部分履行")
    paid = reward_pay(actor=clerk, application=approved, amount=Decimal("15000"), paid_on=TODAY(), reference="PZ-1")
    assert (paid.status, paid.paid_amount) == (S.PAID, Decimal("15000.00"))


def test_a_payment_of_another_amount_is_refused(applied):
    application, _commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application)
    with pytest.raises(ValidationFailed) as refused:
        reward_pay(actor=clerk, application=approved, amount=Decimal("19999"), paid_on=TODAY(), reference="PZ-1")
    assert "amount" in refused.value.details


def test_the_database_refuses_a_payment_unequal_to_the_approval(applied):
    application, _commissioner, clerk = applied
    reward_approve(actor=clerk, application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchmakerApplication.objects.filter(pk=application.pk).update(
            status=S.PAID, paid_amount=Decimal("1"), paid_on=TODAY(), payment_reference="x")


def test_the_database_refuses_an_approval_above_the_calculation(applied):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchmakerApplication.objects.filter(pk=applied[0].pk).update(
            status=S.APPROVED, approved_amount=Decimal("20000.01"), reduction_reason="x")


def test_the_database_refuses_a_reduction_without_reason(applied):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchmakerApplication.objects.filter(pk=applied[0].pk).update(status=S.APPROVED,
                                                                      approved_amount=Decimal("1"))


def test_the_database_refuses_a_refusal_without_reason(applied):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchmakerApplication.objects.filter(pk=applied[0].pk).update(status=S.REFUSED)


def test_the_commissioner_may_withdraw_an_undecided_application(applied):
    application, commissioner, _clerk = applied
    assert reward_withdraw(actor=commissioner, application=application).status == S.WITHDRAWN


def test_the_regulators_are_told_of_an_application(applied):
    application, _commissioner, clerk = applied
    assert Notice.objects.filter(recipient=clerk, params__variant="mm_reward_applied").exists()


def test_the_commissioner_is_told_of_the_payment(applied):
    application, commissioner, clerk = applied
    approved = reward_approve(actor=clerk, application=application)
    reward_pay(actor=clerk, application=approved, amount=approved.approved_amount, paid_on=TODAY(), reference="P")
    assert {n.params["variant"] for n in Notice.objects.filter(recipient=commissioner)} == {
        "mm_reward_approved", "mm_reward_paid"}


# ------------------------------------------------------------------------ the step table, allowed and forbidden

def _take(to, application, commissioner, clerk):
    if to == S.APPROVED:
        return reward_approve(actor=clerk, application=application)
    if to == S.REFUSED:
        return reward_refuse(actor=clerk, application=application, reason="不符合条件")
    if to == S.PAID:
        return reward_pay(actor=clerk, application=application, amount=application.approved_amount or Decimal("1"),
                          paid_on=TODAY(), reference="P-1")
    return reward_withdraw(actor=commissioner, application=application)


def _put_in(status, applied):
    application, commissioner, clerk = applied
    if status in (S.APPROVED, S.PAID):
        application = reward_approve(actor=clerk, application=application)
    if status == S.PAID:
        application = reward_pay(actor=clerk, application=application, amount=application.approved_amount,
                                 paid_on=TODAY(), reference="P-0")
    if status in (S.REFUSED, S.WITHDRAWN):
        application = _take(status, application, commissioner, clerk)
    return application


TARGETS = (S.APPROVED, S.REFUSED, S.PAID, S.WITHDRAWN)


@pytest.mark.parametrize(("frm", "to"), list(MM_REWARD_STEPS))
def test_every_allowed_step_is_taken(frm, to, applied):
    application = _put_in(frm, applied)
    assert _take(to, application, applied[1], applied[2]).status == to


@pytest.mark.parametrize(("frm", "to"), [step for step in itertools.product(S.values, TARGETS)
                                         if step not in MM_REWARD_STEPS and step[0] != step[1]])
def test_every_forbidden_step_is_refused(frm, to, applied):
    application = _put_in(frm, applied)
    with pytest.raises(Conflict) as refused:
        _take(to, application, applied[1], applied[2])
    assert refused.value.code == "invalid_transition"


@pytest.mark.parametrize(("frm", "to"), list(MM_REWARD_STEPS))
def test_each_step_is_refused_to_the_other_side(frm, to, applied):
    application, commissioner, clerk = applied
    application = _put_in(frm, applied)
    wrong = clerk if MM_REWARD_STEPS[(frm, to)] == By.COMMISSIONER else commissioner
    with pytest.raises(PermissionDenied):
        _take(to, application, wrong, wrong)

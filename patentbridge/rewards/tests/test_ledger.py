"""The application → approval → payment ledger: who may take each step, the money invariants, one reward per
product, year and basis, the policy frozen on a decided application, and the notices to the other side."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of, signer_of
from patentbridge.rewards.models import ApplicationStatus, RewardApplication, RewardBasis
from patentbridge.rewards.services import (
    POLICY_FIELDS,
    REWARD_STEPS,
    policy_save,
    reward_apply,
    reward_approve,
    reward_pay,
    reward_refuse,
    reward_withdraw,
)
from patentbridge.rewards.tests.factories import (
    SHENZHEN,
    YEAR,
    PolicyFactory,
    filed_product_with_sales,
    recognised,
    regulator,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def applied():
    """A Guangzhou product's application under Guangzhou's 1.5 % policy (15,000.00 calculated)."""
    data = filed_product_with_sales("1000000.00")
    signer, clerk = signer_of(data.product.filer), regulator()
    application = reward_apply(actor=signer, product=data.product, policy=PolicyFactory(), year=YEAR)
    return application, signer, clerk


def test_enterprise_user_of_the_filer_may_apply():
    data = filed_product_with_sales()
    user = member_of(data.product.filer, Role.ENTERPRISE_USER)
    application = reward_apply(actor=user, product=data.product, policy=PolicyFactory(), year=YEAR)
    assert (application.status, application.calculated_amount) == (S.APPLIED, Decimal("15000.00"))


def test_applying_for_another_firms_product_is_refused():
    data, other = filed_product_with_sales(), filed_product_with_sales()
    with pytest.raises(PermissionDenied):
        reward_apply(actor=signer_of(other.product.filer), product=data.product, policy=PolicyFactory(), year=YEAR)


def test_a_second_application_for_the_same_year_and_basis_is_refused(applied):
    application, signer, _clerk = applied
    with pytest.raises(Conflict) as refused:
        reward_apply(actor=signer, product=application.product, policy=application.policy, year=YEAR)
    assert refused.value.code == "already_applied"


def test_the_database_refuses_a_second_live_reward_for_the_same_year_and_basis(applied):
    application = applied[0]
    twin = RewardApplication(policy=application.policy, city=application.city, basis=application.basis, year=YEAR,
                             product=application.product, enterprise=application.enterprise, data=application.data,
                             calculated_amount=Decimal("1"), applied_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_another_basis_for_the_same_year_may_be_applied_for(applied):
    application, signer, _clerk = applied
    recognised(application.product)
    other = PolicyFactory(basis=RewardBasis.RECOGNISED)
    assert reward_apply(actor=signer, product=application.product, policy=other, year=YEAR).status == S.APPLIED


def test_the_same_basis_under_another_citys_policy_is_refused(applied):
    application, signer, _clerk = applied
    other = PolicyFactory(city_id=SHENZHEN, filer_in_city=False)
    with pytest.raises(Conflict):
        reward_apply(actor=signer, product=application.product, policy=other, year=YEAR)


def test_after_a_refusal_the_product_may_apply_again(applied):
    application, signer, clerk = applied
    reward_refuse(actor=clerk, application=application, reason="材料不全")
    again = reward_apply(actor=signer, product=application.product, policy=application.policy, year=YEAR)
    assert again.status == S.APPLIED


def test_the_citys_regulator_approves_the_calculated_amount(applied):
    application, _signer, clerk = applied
    approved = reward_approve(actor=clerk, application=application)
    assert (approved.status, approved.approved_amount) == (S.APPROVED, Decimal("15000.00"))


def test_a_provincial_regulator_may_approve_any_citys_reward(applied):
    approved = reward_approve(actor=regulator(None), application=applied[0])
    assert approved.status == S.APPROVED


def test_another_citys_regulator_may_not_approve(applied):
    with pytest.raises(PermissionDenied):
        reward_approve(actor=regulator(SHENZHEN), application=applied[0])


def test_the_enterprise_may_not_approve_its_own_reward(applied):
    application, signer, _clerk = applied
    with pytest.raises(PermissionDenied):
        reward_approve(actor=signer, application=application)


def test_a_platform_administrator_may_not_approve(applied):
    admin = member_of(filed_product_with_sales().product.filer, Role.PLATFORM_ADMIN)
    with pytest.raises(PermissionDenied):
        reward_approve(actor=admin, application=applied[0])


def test_approval_may_reduce_the_amount_with_a_reason(applied):
    application, _signer, clerk = applied
    approved = reward_approve(actor=clerk, application=application, amount=Decimal("9000"), reason="部分销售额未核实")
    assert (approved.approved_amount, approved.reduction_reason) == (Decimal("9000.00"), "部分销售额未核实")


def test_a_reduction_without_a_reason_is_refused(applied):
    application, _signer, clerk = applied
    with pytest.raises(ValidationFailed) as refused:
        reward_approve(actor=clerk, application=application, amount=Decimal("9000"))
    assert "reason" in refused.value.details


def test_approval_above_the_calculation_is_refused(applied):
    application, _signer, clerk = applied
    with pytest.raises(ValidationFailed) as refused:
        reward_approve(actor=clerk, application=application, amount=Decimal("15000.01"), reason="奖励")
    assert refused.value.code == "above_calculation"


def test_the_database_refuses_an_approved_amount_above_the_calculation(applied):
    application = applied[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardApplication.objects.filter(pk=application.pk).update(status=S.APPROVED, approved_amount=Decimal("20000"),
                                                                   reduction_reason="x")


def test_a_refusal_needs_reasons(applied):
    application, _signer, clerk = applied
    with pytest.raises(ValidationFailed):
        reward_refuse(actor=clerk, application=application, reason="  ")


def test_payment_of_the_approved_amount_is_recorded(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    paid = reward_pay(actor=clerk, application=application, amount=Decimal("15000.00"), paid_on=timezone.localdate(),
                      reference="GZ-2026-0001")
    assert (paid.status, paid.paid_amount, paid.payment_reference) == (S.PAID, Decimal("15000.00"), "GZ-2026-0001")


def test_a_payment_other_than_the_approved_amount_is_refused(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    with pytest.raises(ValidationFailed) as refused:
        reward_pay(actor=clerk, application=application, amount=Decimal("14999.99"), paid_on=timezone.localdate(),
                   reference="GZ-1")
    assert "amount" in refused.value.details


def test_the_database_refuses_a_payment_other_than_the_approved_amount(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardApplication.objects.filter(pk=application.pk).update(
            status=S.PAID, paid_amount=Decimal("16000"), paid_on=dt.date(2026, 1, 5), payment_reference="x")


def test_a_payment_before_approval_is_refused(applied):
    application, _signer, clerk = applied
    with pytest.raises(Conflict) as refused:
        reward_pay(actor=clerk, application=application, amount=Decimal("15000"), paid_on=timezone.localdate(),
                   reference="GZ-1")
    assert refused.value.code == "invalid_transition"


def test_a_payment_dated_in_the_future_is_refused(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    with pytest.raises(ValidationFailed) as refused:
        reward_pay(actor=clerk, application=application, amount=Decimal("15000"),
                   paid_on=timezone.localdate() + dt.timedelta(days=1), reference="GZ-1")
    assert "paid_on" in refused.value.details


def test_an_approved_application_cannot_be_withdrawn(applied):
    application, signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    with pytest.raises(Conflict):
        reward_withdraw(actor=signer, application=application)


def test_a_waiting_application_may_be_withdrawn_by_the_enterprise(applied):
    application, signer, _clerk = applied
    assert reward_withdraw(actor=signer, application=application).status == S.WITHDRAWN


def test_changing_the_policy_leaves_an_approved_reward_as_it_was(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    policy = application.policy
    policy.rate = Decimal("50")
    policy.save()
    application.refresh_from_db()
    assert (application.approved_amount, application.policy_snapshot["rate"]) == (Decimal("15000.00"), "1.5000")


def test_every_step_is_in_the_table_and_nothing_leaves_paid():
    assert {frm for frm, _to in REWARD_STEPS} == {S.APPLIED, S.APPROVED}


def test_an_application_notifies_the_citys_regulators_only(applied):
    application, signer, clerk = applied
    elsewhere = regulator(SHENZHEN)
    recipients = set(Notice.objects.filter(key=f"reward:{application.pk}:applied").values_list("recipient", flat=True))
    assert clerk.pk in recipients and elsewhere.pk not in recipients and signer.pk not in recipients


def test_an_approval_notifies_the_enterprise(applied):
    application, signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    assert list(Notice.objects.filter(key=f"reward:{application.pk}:approved").values_list("recipient", flat=True)) \
        == [signer.pk]


def test_a_policy_with_applications_keeps_its_basis(applied):
    application, _signer, clerk = applied
    policy = application.policy
    data = {name: getattr(policy, name) for name in POLICY_FIELDS} | {"basis": RewardBasis.RECOGNISED}
    with pytest.raises(Conflict) as refused:
        policy_save(actor=clerk, city=policy.city, data=data, policy=policy)
    assert refused.value.code == "policy_has_applications"


def test_overlapping_versions_of_a_citys_policy_are_refused(applied):
    policy, clerk = applied[0].policy, applied[2]
    data = {name: getattr(policy, name) for name in POLICY_FIELDS} | {"first_year": policy.first_year + 1}
    with pytest.raises(Conflict) as refused:
        policy_save(actor=clerk, city=policy.city, data=data)
    assert refused.value.code == "policy_years_overlap"


def test_another_citys_regulator_may_not_edit_the_policy(applied):
    policy = applied[0].policy
    data = {name: getattr(policy, name) for name in POLICY_FIELDS}
    with pytest.raises(PermissionDenied):
        policy_save(actor=regulator(SHENZHEN), city=policy.city, data=data, policy=policy)


def test_a_reward_notice_leads_to_the_application_page(applied):
    application = applied[0]
    assert Notice.objects.get(key=f"reward:{application.pk}:applied").link == f"/rewards/applications/{application.pk}/"

"""Each step of a recognition, each refusal, and who may take which step."""

import datetime as dt

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import PatentBasis, ProductStatus
from patentbridge.recognition import services
from patentbridge.recognition.models import (
    RECOGNITION_STEPS,
    Objection,
    ObjectionStatus,
    Recognition,
    RecognitionSettings,
    RecognitionStatus,
)
from patentbridge.recognition.tests.factories import (
    YEAR,
    ProductFactory,
    ProductYearFactory,
    applied,
    eligible_product,
    filer_user,
    in_notice,
    link,
    platform_admin,
    regulator,
)
from patentbridge.rights.tests.factories import GrantFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(YEAR, 6, 1)


def _apply(product, user=None, year=YEAR):
    return services.recognition_apply(actor=user or filer_user(product), product=product, year=year, today=TODAY)


def _not_eligible(product) -> list[str]:
    with pytest.raises(ValidationFailed) as exc:
        _apply(product)
    assert exc.value.code == "not_eligible"
    return exc.value.details["eligibility"]


def test_signatory_applies_for_an_eligible_product_on_last_years_data():
    product = eligible_product()
    recognition = _apply(product)
    assert (recognition.status, recognition.data.year) == (RecognitionStatus.APPLIED, YEAR - 1)


def test_enterprise_user_of_the_filer_may_apply():
    product = eligible_product()
    assert _apply(product, filer_user(product, Role.ENTERPRISE_USER)).status == RecognitionStatus.APPLIED


def test_another_enterprise_cannot_apply_for_someone_elses_product():
    other = ProductFactory()
    with pytest.raises(PermissionDenied):
        _apply(eligible_product(), user=filer_user(other))


def test_regulator_cannot_apply_for_a_product():
    with pytest.raises(PermissionDenied):
        _apply(eligible_product(), user=regulator())


def test_a_product_not_filed_is_refused_with_the_reason():
    product = eligible_product(status=ProductStatus.SUBMITTED, filing_number=None, filed_on=None)
    assert len(_not_eligible(product)) == 1


def test_a_revoked_product_is_refused():
    product = eligible_product(status=ProductStatus.REVOKED, revoked_on=dt.date(2026, 1, 5))
    assert _not_eligible(product)


def test_data_reported_late_keeps_the_product_out_of_that_years_recognition():
    product = ProductFactory()
    ProductYearFactory(product=product, year=YEAR - 1, on_time=False)
    link(product)
    assert [str(YEAR - 1) in reason for reason in _not_eligible(product)] == [True]


def test_no_data_for_the_previous_year_is_refused():
    product = ProductFactory()
    ProductYearFactory(product=product, year=YEAR - 2)
    link(product)
    assert str(YEAR - 1) in " ".join(_not_eligible(product))


def test_every_linked_patent_lapsed_is_refused():
    product = ProductFactory()
    ProductYearFactory(product=product)
    patent = link(product).patent
    patent.legal_status = LegalStatus.LAPSED_FEES
    patent.save()
    assert _not_eligible(product)


def test_a_patent_no_longer_owned_by_the_filer_does_not_count():
    product = ProductFactory()
    ProductYearFactory(product=product)
    link(product, patent=PatentFactory(owner=OrganisationFactory()))  # someone else's: transferred away
    assert _not_eligible(product)


def test_a_binding_licence_to_the_filer_counts():
    product = ProductFactory()
    ProductYearFactory(product=product)
    grant = GrantFactory(patent=PatentFactory(owner=OrganisationFactory()), grantee=product.filer,
                         starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2030, 12, 31))
    link(product, patent=grant.patent, basis=PatentBasis.LICENSED, grant=grant)
    assert _apply(product).status == RecognitionStatus.APPLIED


def test_a_second_application_for_the_same_year_conflicts():
    product = eligible_product()
    _apply(product)
    with pytest.raises(Conflict):
        _apply(product)


def test_a_year_before_2023_is_refused():
    with pytest.raises(ValidationFailed):
        _apply(eligible_product(2022), year=2022)


def test_regulator_recognising_opens_a_seven_day_notice():
    recognition = applied()
    services.recognition_recognise(actor=regulator(), recognition=recognition, today=TODAY)
    assert (recognition.status, recognition.notice_from, recognition.notice_until) == (
        RecognitionStatus.IN_NOTICE, TODAY, TODAY + dt.timedelta(days=6))


def test_the_notice_length_follows_the_setting():
    RecognitionSettings.objects.update_or_create(pk=1, defaults={"notice_days": 10})
    recognition = applied()
    services.recognition_recognise(actor=regulator(), recognition=recognition, today=TODAY)
    assert recognition.notice_until == TODAY + dt.timedelta(days=9)


def test_recognising_freezes_the_assessment_on_the_record():
    recognition = applied()
    services.recognition_recognise(actor=regulator(), recognition=recognition, today=TODAY)
    assert Recognition.objects.get(pk=recognition.pk).assessment


def test_recognising_a_product_revoked_since_it_applied_is_refused():
    recognition = applied()
    recognition.product.status, recognition.product.revoked_on = ProductStatus.REVOKED, TODAY
    recognition.product.save()
    with pytest.raises(ValidationFailed):
        services.recognition_recognise(actor=regulator(), recognition=recognition, today=TODAY)


def test_an_enterprise_cannot_review():
    recognition = applied()
    with pytest.raises(PermissionDenied):
        services.recognition_recognise(actor=filer_user(recognition.product), recognition=recognition)


def test_a_platform_admin_cannot_recognise():
    with pytest.raises(PermissionDenied):
        services.recognition_recognise(actor=platform_admin(), recognition=applied())


def test_refusal_needs_reasons():
    with pytest.raises(ValidationFailed):
        services.recognition_refuse(actor=regulator(), recognition=applied(), reasons=" ")


def test_refusal_tells_the_filer():
    recognition = applied()
    member = filer_user(recognition.product)
    services.recognition_refuse(actor=regulator(), recognition=recognition, reasons="资料不全")
    assert Notice.objects.filter(recipient=member, kind="review_decision").exists()


def test_filer_withdraws_an_undecided_application():
    recognition = applied()
    services.recognition_withdraw(actor=filer_user(recognition.product), recognition=recognition)
    assert recognition.status == RecognitionStatus.WITHDRAWN


def test_a_decided_application_cannot_be_withdrawn():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    with pytest.raises(Conflict) as exc:
        services.recognition_withdraw(actor=filer_user(recognition.product), recognition=recognition)
    assert exc.value.code == "invalid_transition"


def test_an_application_cannot_be_confirmed_before_a_decision():
    with pytest.raises(Conflict):
        services.recognition_confirm(actor=regulator(), recognition=applied(), today=TODAY)


def test_an_objection_is_recorded_during_the_notice():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    services.objection_record(actor=regulator(), recognition=recognition, objector="某竞争企业", grounds="专利已转让",
                              received_on=TODAY + dt.timedelta(days=2))
    assert recognition.objections.get().status == ObjectionStatus.OPEN


def test_an_objection_received_after_the_notice_is_refused():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    with pytest.raises(ValidationFailed):
        services.objection_record(actor=regulator(), recognition=recognition, objector="甲", grounds="理由",
                                  received_on=TODAY + dt.timedelta(days=7))


def test_no_objection_outside_a_notice():
    with pytest.raises(Conflict):
        services.objection_record(actor=regulator(), recognition=applied(), objector="甲", grounds="理由",
                                  received_on=TODAY)


def test_an_enterprise_cannot_record_an_objection():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    with pytest.raises(PermissionDenied):
        services.objection_record(actor=filer_user(ProductFactory()), recognition=recognition, objector="甲",
                                  grounds="理由", received_on=TODAY)


def test_refusing_in_notice_upholds_the_open_objections():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    Objection.objects.create(recognition=recognition, objector="甲", grounds="理由", received_on=TODAY)
    services.recognition_refuse(actor=regulator(), recognition=recognition, reasons="异议成立")
    assert (recognition.status, recognition.objections.get().status) == (RecognitionStatus.REFUSED,
                                                                         ObjectionStatus.UPHELD)


def test_confirming_while_the_notice_runs_is_refused():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    with pytest.raises(Conflict) as exc:
        services.recognition_confirm(actor=regulator(), recognition=recognition, today=TODAY + dt.timedelta(days=6))
    assert exc.value.code == "notice_running"


def test_confirming_with_an_open_objection_is_refused():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    Objection.objects.create(recognition=recognition, objector="甲", grounds="理由", received_on=TODAY)
    with pytest.raises(Conflict) as exc:
        services.recognition_confirm(actor=regulator(), recognition=recognition, today=TODAY + dt.timedelta(days=7))
    assert exc.value.code == "objection_open"


def test_after_a_dismissed_objection_the_recognition_is_confirmed():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    objection = Objection.objects.create(recognition=recognition, objector="甲", grounds="理由", received_on=TODAY)
    reviewer = regulator()
    services.objection_dismiss(actor=reviewer, objection=objection, resolution="异议不成立")
    services.recognition_confirm(actor=reviewer, recognition=recognition, today=TODAY + dt.timedelta(days=7))
    assert (recognition.status, recognition.recognised_on) == (RecognitionStatus.RECOGNISED,
                                                               TODAY + dt.timedelta(days=7))


def test_a_platform_admin_cannot_confirm():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    with pytest.raises(PermissionDenied):
        services.recognition_confirm(actor=platform_admin(), recognition=recognition,
                                     today=TODAY + dt.timedelta(days=7))


def test_the_daily_command_confirms_ended_notices_without_open_objections():
    ended = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    objected = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    Objection.objects.create(recognition=objected, objector="甲", grounds="理由", received_on=TODAY)
    running = in_notice(TODAY, TODAY + dt.timedelta(days=8))
    services.notices_close(today=TODAY + dt.timedelta(days=7))
    statuses = [Recognition.objects.get(pk=r.pk).status for r in (ended, objected, running)]
    assert statuses == [RecognitionStatus.RECOGNISED, RecognitionStatus.IN_NOTICE, RecognitionStatus.IN_NOTICE]


def test_confirmation_tells_the_filer():
    recognition = in_notice(TODAY, TODAY + dt.timedelta(days=6))
    member = filer_user(recognition.product)
    services.notices_close(today=TODAY + dt.timedelta(days=7))
    assert Notice.objects.filter(recipient=member, params__decision_label="Recognised").exists()


ALL_PAIRS = [(a, b) for a in RecognitionStatus.values for b in RecognitionStatus.values]


@pytest.mark.parametrize(("current", "to"), [pair for pair in ALL_PAIRS if pair not in RECOGNITION_STEPS])
def test_every_step_outside_the_table_is_refused(current, to):
    with pytest.raises(Conflict):
        step_require(RECOGNITION_STEPS, current, to, labels={})


def test_every_step_but_the_lapse_names_who_takes_it():
    assert set(services.STEP_ACTIONS) == RECOGNITION_STEPS - {(RecognitionStatus.RECOGNISED,
                                                                RecognitionStatus.LAPSED)}

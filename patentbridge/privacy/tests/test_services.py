"""A request's life: its due date, who files it, each allowed and forbidden step, refusal with its reason, and the
trail of every step."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.models import CalendarDay
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.privacy import services
from patentbridge.privacy.models import PrivacyRequest, RequestKind, RequestState
from patentbridge.privacy.tests.factories import filed, officer, outsider_request, person, verified

pytestmark = pytest.mark.django_db
S = RequestState


def test_the_answer_is_due_fifteen_working_days_after_receipt(settings):
    settings.PRIVACY_RESPONSE_WORKING_DAYS = 15
    assert services.due_date(dt.date(2026, 11, 2)) == dt.date(2026, 11, 23)  # Monday → three weeks on


def test_a_holiday_moves_the_due_date(settings):
    settings.PRIVACY_RESPONSE_WORKING_DAYS = 15
    CalendarDay.objects.create(date=dt.date(2026, 11, 11), kind=CalendarDay.Kind.HOLIDAY)
    assert services.due_date(dt.date(2026, 11, 2)) == dt.date(2026, 11, 24)


def test_the_due_date_follows_the_setting(settings):
    settings.PRIVACY_RESPONSE_WORKING_DAYS = 5
    assert services.due_date(dt.date(2026, 11, 2)) == dt.date(2026, 11, 9)


def test_a_request_is_recorded_with_its_due_date_and_the_persons_name():
    user = person()
    received = timezone.make_aware(dt.datetime(2026, 11, 2, 10))
    found = filed(user, received_at=received)
    assert (found.state, found.subject_name, found.due_on) == (S.RECEIVED, "张伟", services.due_date(dt.date(2026, 11, 2)))


def test_a_user_cannot_file_a_request_about_someone_else():
    with pytest.raises(PermissionDenied):
        services.request_file(actor=person(), subject_user=person(), kind=RequestKind.ACCESS)


def test_only_the_officer_records_a_request_for_a_person_without_an_account():
    with pytest.raises(PermissionDenied):
        services.request_file(actor=person(), subject_name="王晓红", subject_contact="139", kind=RequestKind.ERASE)


def test_the_officer_files_for_a_person_without_an_account():
    found = outsider_request(officer())
    assert found.subject_user is None and found.subject_name == "王晓红"


def test_a_request_for_a_person_without_an_account_needs_a_contact():
    with pytest.raises(ValidationFailed):
        services.request_file(actor=officer(), subject_name="王晓红", kind=RequestKind.ERASE)


def test_a_correction_says_what_to_correct():
    with pytest.raises(ValidationFailed):
        filed(person(), RequestKind.CORRECT)


def test_verification_records_who_checked_and_how():
    head = officer()
    found = verified(person(), head)
    assert (found.state, found.verified_by, found.verification_note) == (S.VERIFIED, head, "身份证核验")


def test_verification_needs_a_note():
    with pytest.raises(ValidationFailed):
        services.request_verify(actor=officer(), privacy_request=filed(person()), note=" ")


def test_pipl_art50_a_refusal_states_its_reason():
    with pytest.raises(ValidationFailed):
        services.request_refuse(actor=officer(), privacy_request=filed(person()), reason="")


def test_a_refusal_is_kept_with_its_reason():
    found = services.request_refuse(actor=officer(), privacy_request=filed(person()), reason="无法核实身份")
    assert PrivacyRequest.objects.get(pk=found.pk).refusal_reason == "无法核实身份"
    assert found.state == S.REFUSED


def test_an_unverified_request_cannot_be_answered():
    with pytest.raises(Conflict):
        services.request_answer(actor=officer(), privacy_request=filed(person()))


@pytest.mark.parametrize("to", [S.RECEIVED, S.VERIFIED, S.REFUSED, S.DONE])
def test_an_answered_request_takes_no_further_step(to):
    head = officer()
    found = services.request_answer(actor=head, privacy_request=verified(person(), head))
    with pytest.raises(Conflict):
        services._step(found, to)


@pytest.mark.parametrize("to", [S.RECEIVED, S.VERIFIED, S.REFUSED, S.DONE])
def test_a_refused_request_takes_no_further_step(to):
    found = services.request_refuse(actor=officer(), privacy_request=filed(person()), reason="重复申请")
    with pytest.raises(Conflict):
        services._step(found, to)


def test_a_verified_request_may_still_be_refused():
    head = officer()
    found = services.request_refuse(actor=head, privacy_request=verified(person(), head), reason="法律另有规定")
    assert found.state == S.REFUSED


def test_the_officer_does_not_handle_a_request_about_themself():
    head = officer()
    own = services.request_file(actor=head, subject_user=head, kind=RequestKind.ACCESS)
    with pytest.raises(PermissionDenied):
        services.request_verify(actor=head, privacy_request=own, note="本人")


def test_no_one_but_the_officer_verifies():
    with pytest.raises(PermissionDenied):
        services.request_verify(actor=UserFactory(), privacy_request=filed(person()), note="x")


def test_every_step_is_on_the_change_log():
    head = officer()
    found = services.request_answer(actor=head, privacy_request=verified(person(), head), answer="已提供")
    states = [e.changes_dict.get("state", [None, None])[1] for e in LogEntry.objects.get_for_object(found)]
    assert sorted(s for s in states if s) == sorted([S.RECEIVED, S.VERIFIED, S.DONE])

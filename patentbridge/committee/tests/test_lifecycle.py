"""The step tables of reviews and meetings: every allowed step is taken, every other one refused."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from patentbridge.committee import services
from patentbridge.committee.models import Meeting, MeetingStatus, ReviewRequest, ReviewStatus
from patentbridge.committee.tests.factories import committee, meeting, office_of, review, university
from patentbridge.core.errors import Conflict
from patentbridge.core.lifecycle import step_require

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("frm,to", sorted(itertools.product(ReviewStatus.values, repeat=2)))
def test_review_steps_follow_the_table(frm, to):
    if (frm, to) in services.REVIEW_STEPS:
        step_require(services.REVIEW_STEPS, frm, to, labels={})
    else:
        with pytest.raises(Conflict) as refused:
            step_require(services.REVIEW_STEPS, frm, to, labels=services.REVIEW_LABELS)
        assert refused.value.code == "invalid_transition"


def test_a_decided_review_is_never_decided_again():
    assert not [step for step in services.REVIEW_STEPS
                if step[0] in (ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.WITHDRAWN)]


@pytest.mark.parametrize("frm,to", sorted(itertools.product(MeetingStatus.values, repeat=2)))
def test_meeting_steps_follow_the_table(frm, to):
    org = university()
    committee(org)
    called = meeting(org, status=frm)
    if (frm, to) in services.MEETING_STEPS:
        services.meeting_step(actor=office_of(org), meeting=called, to=to)
        assert Meeting.objects.get(pk=called.pk).status == to
    else:
        with pytest.raises(Conflict):
            services.meeting_step(actor=office_of(org), meeting=called, to=to)
        assert Meeting.objects.get(pk=called.pk).status == frm


def test_putting_a_review_on_the_agenda_schedules_it():
    org = university()
    committee(org)
    matter = review(org)
    services.meeting_schedule(actor=office_of(org), organisation=org, title="评审会", place="101",
                              starts_at=timezone.now(), reviews=[matter])
    matter.refresh_from_db()
    assert matter.status == ReviewStatus.SCHEDULED


def test_cancelling_a_meeting_puts_its_reviews_back_to_wait():
    org = university()
    committee(org)
    matter = review(org)
    called = meeting(org, [matter])
    services.meeting_step(actor=office_of(org), meeting=called, to=MeetingStatus.CANCELLED)
    matter.refresh_from_db()
    assert matter.status == ReviewStatus.PENDING


def test_closing_a_meeting_defers_undecided_items():
    org = university()
    committee(org)
    matter = review(org)
    called = meeting(org, [matter], status=MeetingStatus.IN_SESSION)
    services.meeting_step(actor=office_of(org), meeting=called, to=MeetingStatus.CLOSED)
    matter.refresh_from_db()
    assert (matter.status, called.items.get().outcome) == (ReviewStatus.PENDING, "deferred")


def test_a_pending_review_cannot_sit_on_two_agendas():
    org = university()
    committee(org)
    matter = review(org)
    meeting(org, [matter])
    with pytest.raises(Conflict):
        services.agenda_add(actor=office_of(org), meeting=meeting(org), review=matter)


def test_the_agenda_is_fixed_once_in_session():
    org = university()
    committee(org)
    with pytest.raises(Conflict):
        services.agenda_add(actor=office_of(org), meeting=meeting(org, status=MeetingStatus.IN_SESSION),
                            review=review(org))


def test_the_requester_withdraws_a_scheduled_review():
    org = university()
    committee(org)
    office = office_of(org)
    matter = review(org, by=office)
    called = meeting(org, [matter])
    services.review_withdraw(actor=office, review=matter)
    assert (matter.status, called.items.get().outcome) == (ReviewStatus.WITHDRAWN, "deferred")


def test_a_review_of_another_organisation_stays_off_the_agenda():
    org, other = university(), university()
    committee(org)
    with pytest.raises(Exception) as refused:
        services.agenda_add(actor=office_of(org), meeting=meeting(org), review=review(other))
    assert getattr(refused.value, "code", "") == "validation_error"


def test_a_decided_review_cannot_be_withdrawn():
    org = university()
    office = office_of(org)
    matter = review(org, by=office)
    ReviewRequest.objects.filter(pk=matter.pk).update(status=ReviewStatus.APPROVED)
    matter.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        services.review_withdraw(actor=office, review=matter)
    assert refused.value.code == "invalid_transition"


def test_a_withdrawn_review_cannot_go_on_the_agenda():
    org = university()
    committee(org)
    office = office_of(org)
    matter = review(org, by=office)
    services.review_withdraw(actor=office, review=matter)
    with pytest.raises(Conflict):
        services.agenda_add(actor=office, meeting=meeting(org), review=matter)

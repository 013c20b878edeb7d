"""Conflicts before votes, votes of members present, decisions that follow the quorum and the votes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patentbridge.committee import services
from patentbridge.committee.models import MeetingStatus, Opinion, ReviewStatus
from patentbridge.committee.signals import review_decided
from patentbridge.committee.tests.factories import committee, meeting, office_of, policy, review, university
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting():
    """A meeting in session with one review on its agenda, three members all present."""
    org = university()
    seats = committee(org)
    office = office_of(org)
    matter = review(org, by=office)
    called = meeting(org, [matter], status=MeetingStatus.IN_SESSION)
    for s in seats:
        services.attendance_record(actor=office, meeting=called, member=s)
    return org, seats, office, matter, called.items.get()


def _votes(item, *choices):
    for s, choice in zip(committee_seats(item), choices, strict=False):
        services.conflict_declare(actor=s.user, item=item, conflicted=False)
        services.vote_cast(actor=s.user, item=item, choice=choice)


def committee_seats(item):
    return list(item.meeting.organisation.committee_seats.order_by("pk"))


def test_a_member_must_declare_before_voting(sitting):
    *_, item = sitting
    with pytest.raises(Conflict) as refused:
        services.vote_cast(actor=committee_seats(item)[0].user, item=item, choice="approve")
    assert refused.value.code == "declaration_required"


def test_a_conflicted_member_cannot_vote(sitting):
    *_, item = sitting
    member = committee_seats(item)[1].user
    services.conflict_declare(actor=member, item=item, conflicted=True, reason="我是该企业的股东")
    with pytest.raises(Conflict) as refused:
        services.vote_cast(actor=member, item=item, choice="approve")
    assert refused.value.code == "conflicted_member"


def test_the_database_refuses_a_vote_on_a_declared_conflict(sitting):
    *_, item = sitting
    member = committee_seats(item)[1].user
    opinion = services.conflict_declare(actor=member, item=item, conflicted=True, reason="亲属任职")
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.filter(pk=opinion.pk).update(choice="approve")


def test_a_conflict_needs_its_reason(sitting):
    *_, item = sitting
    with pytest.raises(ValidationFailed):
        services.conflict_declare(actor=committee_seats(item)[0].user, item=item, conflicted=True, reason=" ")


def test_a_declaration_cannot_change_after_the_vote(sitting):
    *_, item = sitting
    _votes(item, "approve")
    with pytest.raises(Conflict) as refused:
        services.conflict_declare(actor=committee_seats(item)[0].user, item=item, conflicted=True, reason="后来想起")
    assert refused.value.code == "already_voted"


def test_only_members_present_vote(sitting):
    org, seats, office, _matter, item = sitting
    late = services.member_add(actor=office, organisation=org, user=UserFactory(), role="member",
                               starts_on=seats[0].starts_on)
    services.conflict_declare(actor=late.user, item=item, conflicted=False)
    with pytest.raises(Conflict) as refused:
        services.vote_cast(actor=late.user, item=item, choice="approve")
    assert refused.value.code == "not_present"


def test_the_office_does_not_vote_unless_it_sits(sitting):
    *_, office, _matter, item = sitting
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=office, item=item, conflicted=False)


def test_two_approvals_carry_the_decision_and_tell_the_requester(sitting):
    *_, office, matter, item = sitting
    _votes(item, "approve", "approve", "reject")
    services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved", note="同意转化")
    matter.refresh_from_db()
    assert (matter.status, matter.decision_note, matter.decided_at is not None) == (ReviewStatus.APPROVED, "同意转化", True)
    assert Notice.objects.filter(recipient=office, params__variant="committee_review_decided").exists()


def test_the_decision_is_sent_up_after_the_commit(sitting, django_capture_on_commit_callbacks):
    *_, matter, item = sitting
    _votes(item, "approve", "approve")
    heard = []

    def receiver(sender, review, **kwargs):
        heard.append(review.pk)

    review_decided.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")
    finally:
        review_decided.disconnect(receiver)
    assert heard == [matter.pk]


def test_an_approval_the_votes_do_not_carry_is_refused(sitting):
    *_, item = sitting
    _votes(item, "approve", "reject")
    with pytest.raises(Conflict) as refused:
        services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")
    assert refused.value.code == "votes_disagree"


def test_a_rejection_against_carrying_votes_is_refused(sitting):
    *_, item = sitting
    _votes(item, "approve", "approve")
    with pytest.raises(Conflict):
        services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="rejected")


def test_abstentions_are_not_votes_cast(sitting):
    *_, item = sitting
    _votes(item, "approve", "abstain", "abstain")
    services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")
    item.review.refresh_from_db()
    assert item.review.status == ReviewStatus.APPROVED


def test_no_decision_without_quorum():
    org = university()
    seats = committee(org, members=4)
    office = office_of(org)
    called = meeting(org, [review(org)], status=MeetingStatus.IN_SESSION)
    services.attendance_record(actor=office, meeting=called, member=seats[0])
    item = called.items.get()
    services.conflict_declare(actor=seats[0].user, item=item, conflicted=False)
    services.vote_cast(actor=seats[0].user, item=item, choice="approve")
    with pytest.raises(Conflict) as refused:
        services.item_decide(actor=office, item=item, outcome="approved")
    assert refused.value.code == "no_quorum"


def test_the_policy_sets_a_stricter_passing_share(sitting):
    org, *_, item = sitting
    policy(org, pass_share=Decimal("0.667"))
    _votes(item, "approve", "approve", "reject")
    with pytest.raises(Conflict):
        services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")


def test_an_ordinary_member_does_not_record_the_decision(sitting):
    *_, item = sitting
    _votes(item, "approve", "approve")
    with pytest.raises(PermissionDenied):
        services.item_decide(actor=committee_seats(item)[1].user, item=item, outcome="approved")


def test_a_decided_item_is_not_decided_again(sitting):
    *_, item = sitting
    _votes(item, "approve", "approve")
    services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")
    with pytest.raises(Conflict):
        services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="approved")


def test_members_are_invited_when_a_meeting_is_called():
    org = university()
    seats = committee(org)
    services.meeting_schedule(actor=office_of(org), organisation=org, title="评审会", place="101",
                              starts_at=timezone.now(), reviews=[review(org)])
    invited = set(Notice.objects.filter(params__variant="committee_meeting_invited").values_list("recipient_id",
                                                                                                 flat=True))
    assert invited == {s.user_id for s in seats}


def test_a_second_chair_for_the_same_period_is_refused():
    org = university()
    committee(org)
    with pytest.raises(Conflict):
        services.member_add(actor=office_of(org), organisation=org, user=UserFactory(), role="chair",
                            starts_on=timezone.localdate())


def test_a_rejection_the_votes_carry_is_recorded(sitting):
    *_, matter, item = sitting
    _votes(item, "reject", "reject", "approve")
    services.item_decide(actor=committee_seats(item)[0].user, item=item, outcome="rejected", note="定价偏低")
    matter.refresh_from_db()
    assert (matter.status, matter.decision_note) == (ReviewStatus.REJECTED, "定价偏低")

"""The contract the apps above call: policy_requires, is_approved, can_see_subject."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.committee import selectors, services
from patentbridge.committee.models import MeetingStatus, ReviewMatter, ReviewRequest, ReviewStatus
from patentbridge.committee.tests.factories import committee, meeting, office_of, policy, review, seat, university
from patentbridge.core.errors import ValidationFailed
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def test_no_policy_requires_nothing():
    assert not selectors.policy_requires(university(), ReviewMatter.EQUITY, Decimal("1e9"))


def test_a_deal_above_the_amount_needs_review():
    org = university()
    policy(org, deal_amount_above=Decimal("1000000"))
    assert selectors.policy_requires(org, ReviewMatter.CONVERSION, Decimal("1000000.01"))


def test_a_deal_at_the_amount_needs_none():
    org = university()
    policy(org, deal_amount_above=Decimal("1000000"))
    assert not selectors.policy_requires(org, ReviewMatter.CONVERSION, Decimal("1000000"))


def test_any_equity_contribution_needs_review_when_the_policy_says_so():
    org = university()
    policy(org, equity_needs_review=True)
    assert selectors.policy_requires(org, ReviewMatter.EQUITY, Decimal("1"))


def test_filing_decisions_follow_their_switch():
    org = university()
    policy(org, filing_needs_review=True)
    assert (selectors.policy_requires(org, ReviewMatter.FILING), selectors.policy_requires(
        org, ReviewMatter.CONVERSION, Decimal("5"))) == (True, False)


def test_is_approved_reads_the_latest_review_of_the_matter():
    org = university()
    subject = PatentFactory(owner=org)
    first = review(org, subject)
    ReviewRequest.objects.filter(pk=first.pk).update(status=ReviewStatus.APPROVED)
    assert selectors.is_approved(subject, ReviewMatter.CONVERSION)
    second = review(org, subject)
    assert not selectors.is_approved(subject, ReviewMatter.CONVERSION)
    assert second.status == ReviewStatus.PENDING


def test_an_approval_of_another_matter_does_not_count():
    org = university()
    subject = PatentFactory(owner=org)
    ReviewRequest.objects.filter(pk=review(org, subject, matter=ReviewMatter.FILING).pk).update(
        status=ReviewStatus.APPROVED)
    assert not selectors.is_approved(subject, ReviewMatter.CONVERSION)


def test_a_member_sees_a_subject_on_the_agenda():
    org = university()
    member = committee(org)[1].user
    subject = PatentFactory(owner=org)
    meeting(org, [review(org, subject)])
    assert selectors.can_see_subject(member, subject)


def test_a_member_does_not_see_a_subject_not_on_an_agenda():
    org = university()
    member = committee(org)[1].user
    subject = PatentFactory(owner=org)
    review(org, subject)
    assert not selectors.can_see_subject(member, subject)


def test_a_former_member_no_longer_sees_the_subject():
    org = university()
    committee(org)
    gone = seat(org, ends_on=dt.date(2025, 6, 30))
    subject = PatentFactory(owner=org)
    meeting(org, [review(org, subject)])
    assert not selectors.can_see_subject(gone.user, subject)


def test_a_member_of_another_committee_does_not_see_the_subject():
    org, other = university(), university()
    committee(org)
    outsider = committee(other)[0].user
    subject = PatentFactory(owner=org)
    meeting(org, [review(org, subject)])
    assert not selectors.can_see_subject(outsider, subject)


def test_a_cancelled_meeting_shows_nothing():
    org = university()
    member = committee(org)[1].user
    subject = PatentFactory(owner=org)
    meeting(org, [review(org, subject)], status=MeetingStatus.CANCELLED)
    assert not selectors.can_see_subject(member, subject)


def test_the_policy_refuses_a_quorum_above_one():
    org = university()
    with pytest.raises(ValidationFailed):
        services.policy_set(actor=office_of(org), organisation=org, filing_needs_review=False,
                            equity_needs_review=False, deal_amount_above=None, quorum=Decimal("1.5"))


def test_an_external_expert_can_sit():
    org = university()
    expert = UserFactory()
    member = services.member_add(actor=office_of(org), organisation=org, user=expert, role="member",
                                 starts_on=dt.date(2025, 1, 1))
    assert member.user == expert and not expert.memberships.exists()

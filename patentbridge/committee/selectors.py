"""Reads of the committee: what the apps above ask (reviews, policy, approval, who may see a subject) and what its
pages show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone

from patentbridge.committee.models import (
    AgendaItem,
    Choice,
    CommitteeMember,
    CommitteePolicy,
    Meeting,
    MeetingStatus,
    MemberRole,
    Opinion,
    ReviewMatter,
    ReviewRequest,
    ReviewStatus,
    seats_on,
)
from patentbridge.core.errors import NotFound
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, committee_office_org_ids, is_allowed

OPEN_MEETING_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.IN_SESSION)


def reviews_of(subject: Model, matter: ReviewMatter | str | None = None) -> QuerySet[ReviewRequest]:
    """Every review of the subject, newest first (optionally of one matter)."""
    reviews = ReviewRequest.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                           subject_id=subject.pk)
    return reviews.filter(matter=matter) if matter else reviews


def decision_for(subject: Model, matter: ReviewMatter | str | None = None) -> ReviewRequest | None:
    """The latest review of the subject (live or decided), or None when none was asked."""
    return reviews_of(subject, matter).first()


def is_approved(subject: Model, matter: ReviewMatter | str) -> bool:
    """The latest review of that matter of the subject is approved."""
    latest = decision_for(subject, matter)
    return latest is not None and latest.status == ReviewStatus.APPROVED


def policy_of(organisation: Organisation) -> CommitteePolicy | None:
    return CommitteePolicy.objects.filter(organisation=organisation).first()


def policy_requires(organisation: Organisation, matter: ReviewMatter | str, amount: Decimal | None = None) -> bool:
    """The organisation's policy says this matter must go before its committee; no policy: False."""
    return policy_demands(policy_of(organisation), matter, amount)


def policies_of(organisation_ids: Iterable[int]) -> dict[int, CommitteePolicy]:
    """The policies of several organisations in one query, by organisation id."""
    return {policy.organisation_id: policy for policy in CommitteePolicy.objects.filter(
        organisation_id__in=list(organisation_ids))}


def policy_demands(policy: CommitteePolicy | None, matter: ReviewMatter | str, amount: Decimal | None = None) -> bool:
    """Whether a policy (None: none) puts the matter, of that amount, before the committee."""
    if policy is None:
        return False
    above = (policy.deal_amount_above is not None and amount is not None
             and Decimal(amount) > policy.deal_amount_above)
    if matter == ReviewMatter.FILING:
        return policy.filing_needs_review
    if matter == ReviewMatter.EQUITY:
        return policy.equity_needs_review or above
    return matter == ReviewMatter.CONVERSION and above


def quorum_of(policy: CommitteePolicy | None) -> Decimal:
    """The share of the sitting members who must be present (the platform's default when the policy names none)."""
    return policy.quorum if policy is not None and policy.quorum is not None else Decimal(settings.COMMITTEE_DEFAULT_QUORUM)


def pass_share_of(policy: CommitteePolicy | None) -> Decimal:
    """Approval needs more than this share of the votes cast (approve + reject) by non-conflicted members present."""
    if policy is not None and policy.pass_share is not None:
        return policy.pass_share
    return Decimal(settings.COMMITTEE_DEFAULT_PASS_SHARE)


def can_see_subject(user: Any, subject: Model) -> bool:
    """The user sits on a committee that has a review of this subject on a meeting's agenda."""
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    items = AgendaItem.objects.filter(
        review__subject_type=ContentType.objects.get_for_model(subject), review__subject_id=subject.pk,
    ).exclude(meeting__status=MeetingStatus.CANCELLED).values_list("meeting__organisation_id", flat=True)
    return any(seats_on(org_id, today).filter(user=user).exists() for org_id in set(items))


@dataclass(frozen=True)
class Committee:
    """An organisation's committee as the permission module reads it."""

    organisation: Organisation

    @property
    def organisation_id(self) -> int:
        return self.organisation.pk

    def member_user_ids(self) -> set[int]:
        return set(seats_on(self.organisation.pk, timezone.localdate()).values_list("user_id", flat=True))

    def chair_user_ids(self) -> set[int]:
        return set(seats_on(self.organisation.pk, timezone.localdate()).filter(role=MemberRole.CHAIR)
                   .values_list("user_id", flat=True))


def committee_of(organisation: Organisation) -> Committee:
    return Committee(organisation)


def committees_for(user: Any) -> list[Organisation]:
    """The organisations whose committee the user runs or sits on today."""
    seated = CommitteeMember.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()),
                                            user_id=getattr(user, "pk", None), starts_on__lte=timezone.localdate())
    ids = committee_office_org_ids(user) | set(seated.values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def members_of(organisation: Organisation) -> QuerySet[CommitteeMember]:
    """Every seat, current and past, the chair first."""
    return (CommitteeMember.objects.filter(organisation=organisation).select_related("user")
            .order_by("role", "-starts_on", "pk"))


def pending_reviews(organisation: Organisation) -> QuerySet[ReviewRequest]:
    """Reviews waiting for a meeting (not yet on an agenda)."""
    return ReviewRequest.objects.filter(organisation=organisation, status=ReviewStatus.PENDING).order_by("requested_at")


def recent_reviews(organisation: Organisation) -> QuerySet[ReviewRequest]:
    return ReviewRequest.objects.filter(organisation=organisation).select_related("requested_by")


def meetings_of(organisation: Organisation) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organisation=organisation).prefetch_related("items__review")


def meeting_get(user: Any, pk: int) -> Meeting:
    """A meeting the user may read (its committee's members and its office); NotFound otherwise."""
    meeting = Meeting.objects.select_related("organisation").filter(pk=pk).first()
    if meeting is None or not is_allowed(user, Action.COMMITTEE_VIEW, meeting):
        raise NotFound()
    return meeting


def seat_of(user: Any, meeting: Meeting) -> CommitteeMember | None:
    """The user's seat on the meeting's committee on its day."""
    return seats_on(meeting.organisation_id, timezone.localdate(meeting.starts_at)).filter(user_id=getattr(user, "pk", None)).first()


def items_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return (meeting.items.select_related("review", "decided_by")
            .prefetch_related(Prefetch("opinions", queryset=Opinion.objects.select_related("member__user"))))


def tally(item: AgendaItem) -> dict[str, int]:
    """The item's votes and declared conflicts."""
    counts = {choice: 0 for choice in (Choice.APPROVE, Choice.REJECT, Choice.ABSTAIN)}
    conflicted = 0
    for opinion in item.opinions.all():
        conflicted += opinion.conflicted
        if opinion.choice:
            counts[opinion.choice] += 1
    return {"approve": counts[Choice.APPROVE], "reject": counts[Choice.REJECT], "abstain": counts[Choice.ABSTAIN],
            "conflicted": conflicted}


def passes(votes: dict[str, int], pass_share: Decimal) -> bool:
    """More than the pass share of the votes cast approve (abstentions are not votes cast)."""
    cast = votes["approve"] + votes["reject"]
    return cast > 0 and Decimal(votes["approve"]) > pass_share * cast


def quorum_met(meeting: Meeting, policy: CommitteePolicy | None) -> bool:
    seats = seats_on(meeting.organisation_id, timezone.localdate(meeting.starts_at)).count()
    present = meeting.attendance.count()
    return seats > 0 and Decimal(present) >= quorum_of(policy) * seats


def my_items(user: Any) -> list[tuple[AgendaItem, Opinion | None]]:
    """Undecided items of open meetings of the committees the user sits on, with the user's own stand."""
    items = (AgendaItem.objects.filter(outcome="", meeting__status__in=OPEN_MEETING_STATUSES,
                                       meeting__organisation__committee_seats__user_id=getattr(user, "pk", None))
             .select_related("meeting__organisation", "review").distinct().order_by("meeting__starts_at", "pk"))
    result = []
    for item in items:
        if seat_of(user, item.meeting) is None:
            continue
        result.append((item, item.opinions.filter(member__user_id=user.pk).first()))
    return result


def committee_get(user: Any, organisation_id: int) -> Committee:
    """An organisation's committee that the user may read (its office, its members); NotFound otherwise."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    committee = Committee(organisation) if organisation is not None else None
    if committee is None or not is_allowed(user, Action.COMMITTEE_VIEW, committee):
        raise NotFound()
    return committee


def item_get(user: Any, pk: int) -> AgendaItem:
    """An agenda item of a meeting the user may read; NotFound otherwise."""
    item = AgendaItem.objects.select_related("meeting__organisation", "review").filter(pk=pk).first()
    if item is None or not is_allowed(user, Action.COMMITTEE_VIEW, item.meeting):
        raise NotFound()
    return item


def sees_opinions(user: Any, item: AgendaItem, own: Opinion | None) -> bool:
    """Others' opinions on an item: the office and the chair always; a member once decided or after their own vote;
    never a member who declared a conflict in it (who stays out of the deliberation)."""
    if own is not None and own.conflicted:
        return False
    if is_allowed(user, Action.COMMITTEE_DECIDE, item.meeting):
        return True
    return item.outcome != "" or (own is not None and own.choice != "")


def upcoming_meetings(organisation: Organisation) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(organisation=organisation, status__in=OPEN_MEETING_STATUSES)
            .prefetch_related("items__review").order_by("starts_at"))


def past_meetings(organisation: Organisation) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organisation=organisation).exclude(status__in=OPEN_MEETING_STATUSES)

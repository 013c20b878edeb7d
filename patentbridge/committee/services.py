"""Writes of the committee: putting a matter before it (called by the apps above), its members and policy, meetings
and their agenda, conflicts, votes and decisions. Callers own the transaction; events go out after the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.committee import selectors
from patentbridge.committee.models import (
    LIVE_REVIEW_STATUSES,
    AgendaItem,
    Attendance,
    Choice,
    CommitteeMember,
    CommitteePolicy,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    MemberRole,
    Opinion,
    ReviewMatter,
    ReviewRequest,
    ReviewStatus,
    seats_on,
)
from patentbridge.committee.signals import review_decided
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import INSTITUTION_KINDS, Organisation
from patentbridge.orgs.permissions import Action, authorize

# A review waits, is put on a meeting's agenda (and taken off again when the meeting is cancelled or closes without
# deciding it), and is decided once; the requester may withdraw it until then.
REVIEW_STEPS = frozenset({
    (ReviewStatus.PENDING, ReviewStatus.SCHEDULED), (ReviewStatus.SCHEDULED, ReviewStatus.PENDING),
    (ReviewStatus.SCHEDULED, ReviewStatus.APPROVED), (ReviewStatus.SCHEDULED, ReviewStatus.REJECTED),
    (ReviewStatus.PENDING, ReviewStatus.WITHDRAWN), (ReviewStatus.SCHEDULED, ReviewStatus.WITHDRAWN),
})
# A meeting is scheduled, then held (in session) and closed, or cancelled before it is held.
MEETING_STEPS = frozenset({
    (MeetingStatus.SCHEDULED, MeetingStatus.IN_SESSION), (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED),
    (MeetingStatus.IN_SESSION, MeetingStatus.CLOSED),
})
REVIEW_LABELS = dict(ReviewStatus.choices)
MEETING_LABELS = dict(MeetingStatus.choices)


def _review_move(review: ReviewRequest, to: str) -> None:
    step_require(REVIEW_STEPS, review.status, to, labels=REVIEW_LABELS)
    review.status = to


@transaction.atomic
def request_review(*, organisation: Organisation, subject: Model, matter: ReviewMatter | str, title: str,
                   by, summary: str = "", amount: Decimal | None = None, link: str = "") -> ReviewRequest:
    """Put a matter before the organisation's committee; refused while the same matter of the subject is live."""
    subject_type = ContentType.objects.get_for_model(subject)
    live = ReviewRequest.objects.filter(subject_type=subject_type, subject_id=subject.pk, matter=matter,
                                        status__in=LIVE_REVIEW_STATUSES).first()
    if live is not None:
        raise Conflict(_("This is already before the committee (since %(date)s).") % {
            "date": timezone.localdate(live.requested_at).isoformat()}, code="review_already_requested")
    if not link and hasattr(subject, "get_absolute_url"):
        link = subject.get_absolute_url()
    return ReviewRequest.objects.create(organisation=organisation, subject_type=subject_type, subject_id=subject.pk,
                                        matter=matter, title=title[:300], summary=summary, amount=amount,
                                        requested_by=by, link=link[:300])


def review_withdraw(*, actor: Any, review: ReviewRequest, request: Any = None) -> ReviewRequest:
    """The requester (or the organisation's office) takes a matter back before it is decided."""
    if actor.pk != review.requested_by_id:
        authorize(actor, Action.COMMITTEE_REFER, review.organisation, request=request)
    _review_move(review, ReviewStatus.WITHDRAWN)
    review.save(update_fields=["status"])
    AgendaItem.objects.filter(review=review, outcome=ItemOutcome.OPEN).update(
        outcome=ItemOutcome.DEFERRED, decision_note=_("Withdrawn by the requester."), decided_at=timezone.now())
    return review


# members and policy

def member_add(*, actor: Any, organisation: Organisation, user: Any, role: str, starts_on: dt.date,
               ends_on: dt.date | None = None, request: Any = None) -> CommitteeMember:
    """Give a user a seat on the organisation's committee (one chair at a time)."""
    authorize(actor, Action.COMMITTEE_MANAGE, organisation, request=request)
    if organisation.kind not in INSTITUTION_KINDS:
        raise ValidationFailed(_("Only a university, a research institute or a state-owned enterprise has an expert "
                                 "committee."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(details={"ends_on": _("The seat cannot end before it starts.")})
    if role == MemberRole.CHAIR and _overlapping(organisation, starts_on, ends_on).filter(role=MemberRole.CHAIR):
        raise Conflict(_("The committee already has a chair for this period: end that seat first."),
                       code="one_chair")
    if _overlapping(organisation, starts_on, ends_on).filter(user=user).exists():
        raise Conflict(_("This person already has a seat on the committee for this period."), code="seat_taken")
    return CommitteeMember.objects.create(organisation=organisation, user=user, role=role, starts_on=starts_on,
                                          ends_on=ends_on, added_by=actor)


def _overlapping(organisation: Organisation, starts_on: dt.date, ends_on: dt.date | None):  # noqa: ANN202
    seats = CommitteeMember.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on),
                                           organisation=organisation)
    return seats if ends_on is None else seats.filter(starts_on__lte=ends_on)


def member_end(*, actor: Any, member: CommitteeMember, on: dt.date, request: Any = None) -> CommitteeMember:
    """End a seat on a day (not before it started)."""
    authorize(actor, Action.COMMITTEE_MANAGE, member.organisation, request=request)
    if on < member.starts_on:
        raise ValidationFailed(details={"ends_on": _("The seat cannot end before it starts.")})
    member.ends_on = on
    member.save(update_fields=["ends_on"])
    return member


def policy_set(*, actor: Any, organisation: Organisation, filing_needs_review: bool, equity_needs_review: bool,
               deal_amount_above: Decimal | None, quorum: Decimal | None = None, pass_share: Decimal | None = None,
               request: Any = None) -> CommitteePolicy:
    """Set what must go before the committee and how it decides."""
    authorize(actor, Action.COMMITTEE_MANAGE, organisation, request=request)
    errors = _policy_problems(deal_amount_above, quorum, pass_share)
    if errors:
        raise ValidationFailed(details=errors)
    policy, _created = CommitteePolicy.objects.update_or_create(organisation=organisation, defaults={
        "filing_needs_review": filing_needs_review, "equity_needs_review": equity_needs_review,
        "deal_amount_above": deal_amount_above, "quorum": quorum, "pass_share": pass_share, "updated_by": actor})
    return policy


def _policy_problems(amount: Decimal | None, quorum: Decimal | None, pass_share: Decimal | None) -> dict[str, str]:
    errors = {}
    if amount is not None and amount < 0:
        errors["deal_amount_above"] = _("The amount cannot be negative.")
    if quorum is not None and not Decimal("0") < quorum <= Decimal("1"):
        errors["quorum"] = _("The quorum is a share above 0 and at most 1.")
    if pass_share is not None and not Decimal("0") <= pass_share < Decimal("1"):
        errors["pass_share"] = _("The passing share is at least 0 and below 1.")
    return errors


# meetings and agenda

def meeting_schedule(*, actor: Any, organisation: Organisation, title: str, starts_at: dt.datetime, place: str = "",
                     online_link: str = "", reviews: Sequence[ReviewRequest] = (), request: Any = None) -> Meeting:
    """Call a meeting with pending reviews on its agenda; the members sitting that day are invited."""
    authorize(actor, Action.COMMITTEE_MANAGE, organisation, request=request)
    if not (place or online_link):
        raise ValidationFailed(details={"place": _("Give a place or an online link.")})
    if not seats_on(organisation.pk, timezone.localdate(starts_at)).exists():
        raise Conflict(_("The committee has no members on that day: add members first."), code="no_members")
    meeting = Meeting.objects.create(organisation=organisation, title=title[:200], starts_at=starts_at, place=place,
                                     online_link=online_link, created_by=actor)
    for review in reviews:
        _agenda_put(meeting, review)
    _invite(meeting, actor)
    return meeting


def _invite(meeting: Meeting, actor: Any) -> None:
    link = reverse("committee:meeting", args=[meeting.pk])
    notify(recipients=meeting.member_user_ids(), kind=NoticeKind.REVIEW_REQUESTED, link=link, actor=actor,
           key=f"committee:meeting:{meeting.pk}:invited", organisation=meeting.organisation,
           params={"variant": "committee_meeting_invited", "meeting": meeting.title,
                   "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                   "organisation": meeting.organisation.name})


def agenda_add(*, actor: Any, meeting: Meeting, review: ReviewRequest, request: Any = None) -> AgendaItem:
    """Put a pending review of the organisation on a scheduled meeting's agenda."""
    authorize(actor, Action.COMMITTEE_MANAGE, meeting, request=request)
    _meeting_is(meeting, MeetingStatus.SCHEDULED, _("The agenda is fixed once the meeting is in session."))
    return _agenda_put(meeting, review)


def _agenda_put(meeting: Meeting, review: ReviewRequest) -> AgendaItem:
    if review.organisation_id != meeting.organisation_id:
        raise ValidationFailed(_("This matter was put before another organisation's committee."))
    _review_move(review, ReviewStatus.SCHEDULED)
    review.save(update_fields=["status"])
    return AgendaItem.objects.create(meeting=meeting, review=review)


def agenda_remove(*, actor: Any, item: AgendaItem, request: Any = None) -> None:
    """Take an item off a scheduled meeting's agenda: its review waits again."""
    authorize(actor, Action.COMMITTEE_MANAGE, item.meeting, request=request)
    _meeting_is(item.meeting, MeetingStatus.SCHEDULED, _("The agenda is fixed once the meeting is in session."))
    _release(item.review)
    item.delete()


def _release(review: ReviewRequest) -> None:
    if review.status == ReviewStatus.SCHEDULED:
        _review_move(review, ReviewStatus.PENDING)
        review.save(update_fields=["status"])


def _meeting_is(meeting: Meeting, status: str, message: str) -> None:
    if meeting.status != status:
        raise Conflict(message, code="meeting_status", details={"status": meeting.status})


def meeting_step(*, actor: Any, meeting: Meeting, to: str, request: Any = None) -> Meeting:
    """Open, close or cancel a meeting; items left undecided are deferred and their reviews wait again."""
    authorize(actor, Action.COMMITTEE_MANAGE if to == MeetingStatus.CANCELLED else Action.COMMITTEE_DECIDE, meeting,
              request=request)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    step_require(MEETING_STEPS, meeting.status, to, labels=MEETING_LABELS)
    if to in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        for item in meeting.items.filter(outcome=ItemOutcome.OPEN).select_related("review"):
            _release(item.review)
            item.outcome, item.decided_by, item.decided_at = ItemOutcome.DEFERRED, actor, timezone.now()
            item.save(update_fields=["outcome", "decided_by", "decided_at"])
    meeting.status = to
    meeting.save(update_fields=["status"])
    return meeting


def attendance_record(*, actor: Any, meeting: Meeting, member: CommitteeMember, request: Any = None) -> Attendance:
    """Record a member present at a meeting in session."""
    authorize(actor, Action.COMMITTEE_DECIDE, meeting, request=request)
    _meeting_is(meeting, MeetingStatus.IN_SESSION, _("Presence is recorded while the meeting is in session."))
    if member.organisation_id != meeting.organisation_id or not member.is_current(timezone.localdate(meeting.starts_at)):
        raise ValidationFailed(_("This person has no seat on the committee on the meeting's day."))
    attendance, _created = Attendance.objects.get_or_create(meeting=meeting, member=member,
                                                            defaults={"recorded_by": actor})
    return attendance


# conflicts, votes, decisions

def _own_seat(actor: Any, item: AgendaItem, request: Any) -> CommitteeMember:
    authorize(actor, Action.COMMITTEE_SIT, item.meeting, request=request)
    seat = selectors.seat_of(actor, item.meeting)
    if seat is None:  # the permission module says a member sits; this keeps the type honest
        raise PermissionDenied()
    if item.outcome != ItemOutcome.OPEN:
        raise Conflict(_("This item is already decided."), code="item_decided")
    return seat


def conflict_declare(*, actor: Any, item: AgendaItem, conflicted: bool, reason: str = "",
                     request: Any = None) -> Opinion:
    """A member declares a conflict of interest in the item (with its reason), or none, before voting."""
    seat = _own_seat(actor, item, request)
    if item.meeting.status not in selectors.OPEN_MEETING_STATUSES:
        raise Conflict(_("The meeting is over."), code="meeting_status")
    if conflicted and not reason.strip():
        raise ValidationFailed(details={"reason": _("Say what the conflict is.")})
    opinion = Opinion.objects.select_for_update().filter(item=item, member=seat).first()
    if opinion is not None and opinion.choice:
        raise Conflict(_("You have already voted on this item: a declaration cannot change after the vote."),
                       code="already_voted")
    if opinion is None:
        opinion = Opinion(item=item, member=seat)
    opinion.conflicted, opinion.conflict_reason = conflicted, reason.strip() if conflicted else ""
    opinion.save()
    return opinion


def vote_cast(*, actor: Any, item: AgendaItem, choice: str, text: str = "", request: Any = None) -> Opinion:
    """A member present, who declared no conflict in the item, gives an opinion: approve, reject or abstain."""
    seat = _own_seat(actor, item, request)
    _meeting_is(item.meeting, MeetingStatus.IN_SESSION, _("Votes are cast while the meeting is in session."))
    if choice not in (Choice.APPROVE, Choice.REJECT, Choice.ABSTAIN):
        raise ValidationFailed(details={"choice": _("Approve, reject or abstain.")})
    opinion = Opinion.objects.select_for_update().filter(item=item, member=seat).first()
    if opinion is None:
        raise Conflict(_("Declare first whether you have a conflict of interest in this item."),
                       code="declaration_required")
    if opinion.conflicted:
        raise Conflict(_("You declared a conflict of interest in this item: you cannot vote on it."),
                       code="conflicted_member")
    if not item.meeting.attendance.filter(member=seat).exists():
        raise Conflict(_("Only members recorded present vote."), code="not_present")
    opinion.choice, opinion.text, opinion.voted_at = choice, text.strip(), timezone.now()
    opinion.save(update_fields=["choice", "text", "voted_at"])
    return opinion


def item_decide(*, actor: Any, item: AgendaItem, outcome: str, note: str = "", request: Any = None) -> AgendaItem:
    """The chair (or the office) records the meeting's decision, which must follow the quorum and the votes."""
    authorize(actor, Action.COMMITTEE_DECIDE, item.meeting, request=request)
    item = AgendaItem.objects.select_for_update().select_related("meeting", "review").get(pk=item.pk)
    _meeting_is(item.meeting, MeetingStatus.IN_SESSION, _("Decisions are taken while the meeting is in session."))
    if item.outcome != ItemOutcome.OPEN:
        raise Conflict(_("This item is already decided."), code="item_decided")
    _check_decision(item, outcome)
    item.outcome, item.decision_note, item.decided_by, item.decided_at = outcome, note.strip(), actor, timezone.now()
    item.save(update_fields=["outcome", "decision_note", "decided_by", "decided_at"])
    review = item.review
    _review_move(review, ReviewStatus.APPROVED if outcome == ItemOutcome.APPROVED else ReviewStatus.REJECTED)
    review.decided_at, review.decision_note = item.decided_at, item.decision_note
    review.save(update_fields=["status", "decided_at", "decision_note"])
    _announce(review, actor)
    return item


def _check_decision(item: AgendaItem, outcome: str) -> None:
    if outcome not in (ItemOutcome.APPROVED, ItemOutcome.REJECTED):
        raise ValidationFailed(details={"outcome": _("Approve or reject.")})
    policy = selectors.policy_of(item.meeting.organisation)
    if not selectors.quorum_met(item.meeting, policy):
        raise Conflict(_("The meeting has no quorum: at least %(share)s of the members must be present.")
                       % {"share": f"{selectors.quorum_of(policy):.0%}"}, code="no_quorum")
    votes = selectors.tally(item)
    carried = selectors.passes(votes, selectors.pass_share_of(policy))
    if (outcome == ItemOutcome.APPROVED) != carried:
        raise Conflict(_("The votes do not carry this decision: %(approve)s approve, %(reject)s reject, "
                         "%(abstain)s abstain.") % votes, code="votes_disagree", details=votes)


def _announce(review: ReviewRequest, actor: Any) -> None:
    """The requester hears of the decision; the apps above, through review_decided, once it is committed."""
    if review.requested_by_id:
        notify(recipients=[review.requested_by_id], kind=NoticeKind.REVIEW_DECISION,
               link=review.link or reverse("committee:organisation", args=[review.organisation_id]), actor=actor,
               key=f"committee:review:{review.pk}:decided", organisation=review.organisation,
               params={"variant": "committee_review_decided", "review": review.title,
                       "status_label": msgid(ReviewStatus(review.status).label)})
    transaction.on_commit(lambda: review_decided.send(sender=ReviewRequest, review=review))

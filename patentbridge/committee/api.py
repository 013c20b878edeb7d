"""/api/v1/committee: an organisation's expert committee — its members and policy (the office), meetings with their
agenda, each member's conflict declaration and vote, and the decisions (the chair or the office)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from patentbridge.committee import selectors, services
from patentbridge.committee.models import Choice, CommitteeMember, ItemOutcome, MemberRole
from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound

router = Router(tags=["committee"])


class MemberOut(Schema):
    id: int
    username: str = Field(..., alias="user.username")
    role: str
    starts_on: dt.date
    ends_on: dt.date | None


class MemberIn(Schema):
    username: str = Field(..., max_length=150, description="a platform user; an external expert needs an account")
    role: MemberRole = MemberRole.MEMBER
    starts_on: dt.date
    ends_on: dt.date | None = None


class PolicyIn(Schema):
    filing_needs_review: bool = False
    deal_amount_above: Decimal | None = Field(None, ge=0, description="RMB; deals above it need review; null: none")
    equity_needs_review: bool = False
    quorum: Decimal | None = Field(None, gt=0, le=1, description="share of members present; null: platform default")
    pass_share: Decimal | None = Field(None, ge=0, lt=1,
                                       description="approval needs more than this share of votes cast; null: default")


class PolicyOut(PolicyIn):
    effective_quorum: Decimal
    effective_pass_share: Decimal


class ReviewOut(Schema):
    id: int
    matter: str
    title: str
    amount: Decimal | None
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    link: str


class CommitteeOut(Schema):
    organisation_id: int
    members: list[MemberOut]
    policy: PolicyOut
    pending_reviews: list[ReviewOut]


class MeetingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: dt.datetime
    place: str = Field("", max_length=200)
    online_link: str = Field("", max_length=200)
    review_ids: list[int] = Field(default_factory=list, description="pending reviews of the organisation")


class OpinionOut(Schema):
    member: str = Field(..., alias="member.user.username")
    conflicted: bool
    conflict_reason: str
    choice: str
    text: str


class ItemOut(Schema):
    id: int
    review: ReviewOut
    outcome: str
    decision_note: str
    approve: int
    reject: int
    abstain: int
    conflicted: int
    opinions: list[OpinionOut] = Field(..., description="others' stands, only where you may see them")


class MeetingOut(Schema):
    id: int
    organisation_id: int
    title: str
    starts_at: dt.datetime
    place: str
    online_link: str
    status: str
    items: list[ItemOut]


class StepIn(Schema):
    to: str = Field(..., description="in_session, closed or cancelled")


class AttendanceIn(Schema):
    member_id: int


class DeclarationIn(Schema):
    conflicted: bool
    reason: str = Field("", max_length=2000, description="required with a conflict")


class VoteIn(Schema):
    choice: Choice = Field(..., description="approve, reject or abstain")
    text: str = Field("", max_length=4000)


class DecisionIn(Schema):
    outcome: ItemOutcome = Field(..., description="approved or rejected; must follow the quorum and the votes")
    note: str = Field("", max_length=4000)


class IdOut(Schema):
    id: int


def _policy_out(organisation) -> dict:  # noqa: ANN001 - an Organisation
    policy = selectors.policy_of(organisation)
    fields = {name: getattr(policy, name) if policy else default for name, default in (
        ("filing_needs_review", False), ("deal_amount_above", None), ("equity_needs_review", False),
        ("quorum", None), ("pass_share", None))}
    return {**fields, "effective_quorum": selectors.quorum_of(policy),
            "effective_pass_share": selectors.pass_share_of(policy)}


def _meeting_out(user, meeting) -> dict:  # noqa: ANN001 - a user and a Meeting
    seat = selectors.seat_of(user, meeting)
    items = []
    for item in selectors.items_of(meeting):
        own = next((o for o in item.opinions.all() if seat is not None and o.member_id == seat.pk), None)
        shown = [o for o in item.opinions.all() if o == own or selectors.sees_opinions(user, item, own)]
        items.append({"id": item.pk, "review": item.review, "outcome": item.outcome,
                      "decision_note": item.decision_note, **selectors.tally(item), "opinions": shown})
    return {"id": meeting.pk, "organisation_id": meeting.organisation_id, "title": meeting.title,
            "starts_at": meeting.starts_at, "place": meeting.place, "online_link": meeting.online_link,
            "status": meeting.status, "items": items}


@router.get("/committee/my-items", response=list[ItemOut], auth=WRITE_AUTH)
def my_items(request: HttpRequest):
    """Undecided items of open meetings of the committees you sit on (your own stand among the opinions)."""
    rows = []
    for item, own in selectors.my_items(request.user):
        rows.append({"id": item.pk, "review": item.review, "outcome": item.outcome,
                     "decision_note": item.decision_note, **selectors.tally(item), "opinions": [own] if own else []})
    return rows


@router.get("/committee/organisations/{pk}", response=CommitteeOut, auth=WRITE_AUTH)
def committee(request: HttpRequest, pk: int):
    """An organisation's committee: its members, policy and reviews waiting for a meeting (its office, its members)."""
    found = selectors.committee_get(request.user, pk)
    org = found.organisation
    return {"organisation_id": org.pk, "members": list(selectors.members_of(org)), "policy": _policy_out(org),
            "pending_reviews": list(selectors.pending_reviews(org))}


@router.put("/committee/organisations/{pk}/policy", response=PolicyOut, auth=WRITE_AUTH)
def policy_set(request: HttpRequest, pk: int, payload: PolicyIn):
    """Set what must go before the committee and how it decides (the office)."""
    org = selectors.committee_get(request.user, pk).organisation
    with transaction.atomic():
        services.policy_set(actor=request.user, organisation=org, request=request, **payload.dict())
    return _policy_out(org)


@router.post("/committee/organisations/{pk}/members", response={201: MemberOut}, auth=WRITE_AUTH)
def member_add(request: HttpRequest, pk: int, payload: MemberIn):
    """Give a platform user a seat (the office); 409 `one_chair` or `seat_taken`."""
    org = selectors.committee_get(request.user, pk).organisation
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise NotFound(gettext("No such user."))
    with transaction.atomic():
        member = services.member_add(actor=request.user, organisation=org, user=user, role=payload.role,
                                     starts_on=payload.starts_on, ends_on=payload.ends_on, request=request)
    return Status(201, member)


@router.post("/committee/organisations/{pk}/meetings", response={201: IdOut}, auth=WRITE_AUTH)
def meeting_schedule(request: HttpRequest, pk: int, payload: MeetingIn):
    """Call a meeting with pending reviews on its agenda (the office); the members are invited."""
    org = selectors.committee_get(request.user, pk).organisation
    reviews = list(selectors.pending_reviews(org).filter(pk__in=payload.review_ids))
    with transaction.atomic():
        meeting = services.meeting_schedule(actor=request.user, organisation=org, title=payload.title,
                                            starts_at=payload.starts_at, place=payload.place,
                                            online_link=payload.online_link, reviews=reviews, request=request)
    return Status(201, meeting)


@router.get("/committee/meetings/{pk}", response=MeetingOut, auth=WRITE_AUTH)
def meeting(request: HttpRequest, pk: int):
    """A meeting with its agenda, tallies and the opinions you may see."""
    return _meeting_out(request.user, selectors.meeting_get(request.user, pk))


@router.post("/committee/meetings/{pk}/step", response=MeetingOut, auth=WRITE_AUTH)
def meeting_step(request: HttpRequest, pk: int, payload: StepIn):
    """Open (in_session), close or cancel a meeting; 409 `invalid_transition`."""
    found = selectors.meeting_get(request.user, pk)
    with transaction.atomic():
        moved = services.meeting_step(actor=request.user, meeting=found, to=payload.to, request=request)
    return _meeting_out(request.user, moved)


@router.post("/committee/meetings/{pk}/attendance", response={201: IdOut}, auth=WRITE_AUTH)
def attendance(request: HttpRequest, pk: int, payload: AttendanceIn):
    """Record a member present (the chair or the office, in session)."""
    found = selectors.meeting_get(request.user, pk)
    member = CommitteeMember.objects.filter(pk=payload.member_id, organisation_id=found.organisation_id).first()
    if member is None:
        raise NotFound(gettext("No such member."))
    with transaction.atomic():
        row = services.attendance_record(actor=request.user, meeting=found, member=member, request=request)
    return Status(201, row)


@router.post("/committee/items/{pk}/declaration", response=OpinionOut, auth=WRITE_AUTH)
def declare(request: HttpRequest, pk: int, payload: DeclarationIn):
    """Declare a conflict of interest in the item (with its reason) or none, before voting."""
    item = selectors.item_get(request.user, pk)
    with transaction.atomic():
        return services.conflict_declare(actor=request.user, item=item, conflicted=payload.conflicted,
                                         reason=payload.reason, request=request)


@router.post("/committee/items/{pk}/vote", response=OpinionOut, auth=WRITE_AUTH)
def vote(request: HttpRequest, pk: int, payload: VoteIn):
    """Give your opinion (present, no conflict declared); 409 `conflicted_member` or `declaration_required`."""
    item = selectors.item_get(request.user, pk)
    with transaction.atomic():
        return services.vote_cast(actor=request.user, item=item, choice=payload.choice, text=payload.text,
                                  request=request)


@router.post("/committee/items/{pk}/decision", response=IdOut, auth=WRITE_AUTH)
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    """Record the meeting's decision on the item (the chair or the office); 409 `no_quorum` or `votes_disagree`."""
    item = selectors.item_get(request.user, pk)
    with transaction.atomic():
        return services.item_decide(actor=request.user, item=item, outcome=payload.outcome, note=payload.note,
                                    request=request)

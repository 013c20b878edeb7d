"""/api/v1/events: matchmaking events — the public list and event (with the patents proposed for its theme), the
organiser's create, change and steps, registration, meeting requests and answers, scheduling, outcomes and results."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.events import selectors, services
from patentbridge.events.models import EventKind, MeetingOutcome, Side
from patentbridge.industries.models import SeiIndustry
from patentbridge.orgs.models import City, Organisation
from patentbridge.orgs.permissions import Action, authorize, event_organiser_org_ids
from patentbridge.patents.models import Industry, Patent
from patentbridge.patents.selectors import number_q

router = Router(tags=["events"])


class AgendaOut(Schema):
    at: dt.time
    title: str
    speaker: str


class EventOut(Schema):
    id: int
    organiser: str = Field(..., alias="organiser.name")
    kind: str
    title: str
    description: str
    theme_words: str
    industry: str | None = Field(None, alias="industry_id", description="GB/T 4754 code")
    sei_industry: str | None = Field(None, alias="sei_industry_id", description="strategic emerging industry code")
    ipc_areas: list[str]
    city: str | None = Field(None, alias="city_id")
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_link: str
    capacity: int
    waiting_list: bool
    registration_deadline: dt.datetime
    meetings_start_at: dt.datetime | None
    slot_minutes: int
    slots: int
    tables: int
    status: str
    agenda: list[AgendaOut] = Field(..., alias="agenda.all")


class EventIn(Schema):
    organiser_id: int | None = Field(None, description="an organisation you organise for; your first when left out")
    kind: EventKind = EventKind.MATCHMAKING
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    theme_words: str = Field("", max_length=200)
    industry: str | None = Field(None, max_length=4)
    sei_industry: str | None = Field(None, max_length=6)
    ipc_areas: list[str] = Field(default_factory=list, max_length=30)
    city: str | None = Field(None, max_length=6)
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = Field("", max_length=200)
    online_link: str = Field("", max_length=200)
    capacity: int = Field(..., ge=1, le=100000)
    waiting_list: bool = True
    registration_deadline: dt.datetime
    meetings_start_at: dt.datetime | None = None
    slot_minutes: int = Field(20, ge=5, le=240)
    slots: int = Field(6, ge=1, le=200)
    tables: int = Field(4, ge=1, le=500)


class ProposalOut(Schema):
    patent: str = Field(..., alias="patent.application_number")
    title: str = Field(..., alias="patent.title")
    sources: list[str]
    strength_label: str
    matched_terms: list[str]
    shared_ipc: list[dict[str, str]]
    shared_industry: dict[str, str] | None


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class RegisterIn(Schema):
    organisation_id: int
    side: Side
    patents: list[str] = Field(default_factory=list, max_length=50, description="application numbers you bring")


class RegistrationOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.name")
    side: str
    status: str


class MeetingIn(Schema):
    enterprise_id: int
    holder_id: int
    patent: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=1000)


class MeetingOut(Schema):
    id: int
    enterprise: str = Field(..., alias="enterprise.name")
    holder: str = Field(..., alias="holder.name")
    patent_id: int | None
    status: str
    slot: int | None = Field(None, description="0-based slot, starting at meetings_start_at")
    table: int | None
    outcome: str
    deal_id: int | None


class MoveIn(Schema):
    slot: int = Field(..., ge=0)
    table: int = Field(..., ge=1)


class OutcomeIn(Schema):
    outcome: MeetingOutcome
    deal_id: int | None = None
    note: str = Field("", max_length=2000)


class ResultsOut(Schema):
    registered: int
    waiting: int
    cancelled: int
    requested: int
    accepted: int
    declined: int
    scheduled: int
    held: int
    outcomes: dict[str, int]
    deals_started: int
    deals_amount: Decimal


def _obj(model, pk, missing: str):  # noqa: ANN001, ANN202
    manager = getattr(model, "objects", model)
    found = manager.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound(missing)
    return found


def _patent(number: str) -> Patent:
    found = Patent.objects.filter(number_q(number)).first()
    if found is None:
        raise ValidationFailed(details={"patent": gettext("No patent has the number %(number)s.") % {"number": number}})
    return found


def _event_data(payload: EventIn) -> dict:
    data = payload.dict(exclude={"organiser_id"})
    for name, model in (("industry", Industry), ("sei_industry", SeiIndustry), ("city", City)):
        code = data.pop(name)
        data[name] = _obj(model, code, gettext("No such code: %(code)s.") % {"code": code}) if code else None
    return data


@router.get("/events", response=list[EventOut], auth=READ_AUTH)
def events(request: HttpRequest):
    """Published and closed events, most recent first."""
    return list(selectors.public_events().prefetch_related("agenda")[:500])


@router.get("/events/mine", response=list[EventOut], auth=WRITE_AUTH)
def mine(request: HttpRequest):
    """The events of the organisations you organise for, drafts included."""
    authorize(request.user, Action.EVENTS_MINE, request=request)
    return list(selectors.organised_events(request.user).prefetch_related("agenda")[:500])


@router.post("/events", response={201: EventOut}, auth=WRITE_AUTH)
def create(request: HttpRequest, payload: EventIn):
    """A draft event; 400 with the field that is not consistent."""
    if payload.organiser_id is None:
        authorize(request.user, Action.EVENT_ORGANISE, request=request)
    organiser = (_obj(Organisation, payload.organiser_id, gettext("No such organisation."))
                 if payload.organiser_id is not None else
                 Organisation.objects.filter(pk__in=event_organiser_org_ids(request.user)).order_by("pk")
                 .first())
    with transaction.atomic():
        event = services.event_create(actor=request.user, organiser=organiser, data=_event_data(payload),
                                      request=request)
    return Status(201, event)


@router.get("/events/{pk}", response=EventOut, auth=READ_AUTH)
def event(request: HttpRequest, pk: int):
    return selectors.event_get(request.user, pk)


@router.put("/events/{pk}", response=EventOut, auth=WRITE_AUTH)
def change(request: HttpRequest, pk: int, payload: EventIn):
    event = selectors.event_get(request.user, pk)
    with transaction.atomic():
        return services.event_update(actor=request.user, event=event, data=_event_data(payload), request=request)


@router.post("/events/{pk}/publish", response=EventOut, auth=WRITE_AUTH)
def publish(request: HttpRequest, pk: int):
    event = selectors.event_get(request.user, pk)
    with transaction.atomic():
        return services.event_publish(actor=request.user, event=event, request=request)


@router.post("/events/{pk}/close", response=EventOut, auth=WRITE_AUTH)
def close(request: HttpRequest, pk: int):
    event = selectors.event_get(request.user, pk)
    with transaction.atomic():
        return services.event_close(actor=request.user, event=event, request=request)


@router.post("/events/{pk}/cancel", response=EventOut, auth=WRITE_AUTH)
def cancel(request: HttpRequest, pk: int, payload: ReasonIn):
    event = selectors.event_get(request.user, pk)
    with transaction.atomic():
        return services.event_cancel(actor=request.user, event=event, reason=payload.reason, request=request)


@router.get("/events/{pk}/proposals", response=list[ProposalOut], auth=READ_AUTH)
def proposals(request: HttpRequest, pk: int):
    """The patents on offer that fit the event's theme, with why (public data only)."""
    return selectors.public_proposals(selectors.event_get(request.user, pk))


@router.post("/events/{pk}/registrations", response={201: RegistrationOut}, auth=WRITE_AUTH)
def register(request: HttpRequest, pk: int, payload: RegisterIn):
    """Register an organisation; when full, `waiting` (or 409 `event_full` with no waiting list)."""
    event = selectors.event_get(request.user, pk)
    organisation = _obj(Organisation, payload.organisation_id, gettext("No such organisation."))
    patents = [_patent(number) for number in payload.patents]
    with transaction.atomic():
        registration = services.register(actor=request.user, event=event, organisation=organisation,
                                         side=payload.side, patents=patents, request=request)
    return Status(201, registration)


@router.post("/events/{pk}/registrations/{registration_id}/cancel", response=RegistrationOut, auth=WRITE_AUTH)
def registration_cancel(request: HttpRequest, pk: int, registration_id: int):
    event = selectors.event_get(request.user, pk)
    registration = _obj(selectors.own_registrations(request.user, event), registration_id,
                        gettext("No such registration."))
    with transaction.atomic():
        return services.registration_cancel(actor=request.user, registration=registration, request=request)


@router.get("/events/{pk}/meetings", response=list[MeetingOut], auth=WRITE_AUTH)
def meetings(request: HttpRequest, pk: int):
    """Your organisations' meetings (every meeting for the organiser)."""
    return list(selectors.meetings_visible(request.user, selectors.event_get(request.user, pk))[:2000])


@router.post("/events/{pk}/meetings", response={201: MeetingOut}, auth=WRITE_AUTH)
def meeting_request(request: HttpRequest, pk: int, payload: MeetingIn):
    event = selectors.event_get(request.user, pk)
    enterprise = _obj(Organisation, payload.enterprise_id, gettext("No such organisation."))
    holder = _obj(Organisation, payload.holder_id, gettext("No such organisation."))
    patent = _patent(payload.patent) if payload.patent else None
    with transaction.atomic():
        meeting = services.meeting_request(actor=request.user, event=event, enterprise=enterprise, holder=holder,
                                           patent=patent, note=payload.note, request=request)
    return Status(201, meeting)


@router.post("/events/{pk}/schedule", response=list[MeetingOut], auth=WRITE_AUTH)
def schedule(request: HttpRequest, pk: int):
    """Place accepted meetings greedily; answers the meetings that found no free slot."""
    event = selectors.event_get(request.user, pk)
    with transaction.atomic():
        return services.schedule_auto(actor=request.user, event=event, request=request)


@router.put("/events/{pk}/meetings/{meeting_id}/place", response=MeetingOut, auth=WRITE_AUTH)
def meeting_move(request: HttpRequest, pk: int, meeting_id: int, payload: MoveIn):
    """Put a meeting at a slot and table; 409 `schedule_clash` when an organisation or the table is taken."""
    meeting = selectors.meeting_get(request.user, meeting_id)
    if meeting.event_id != pk:
        raise NotFound(gettext("No such meeting."))
    with transaction.atomic():
        return services.meeting_move(actor=request.user, meeting=meeting, slot=payload.slot, table=payload.table,
                                     request=request)


@router.put("/events/{pk}/meetings/{meeting_id}/outcome", response=MeetingOut, auth=WRITE_AUTH)
def meeting_outcome(request: HttpRequest, pk: int, meeting_id: int, payload: OutcomeIn):
    meeting = selectors.meeting_get(request.user, meeting_id)
    if meeting.event_id != pk:
        raise NotFound(gettext("No such meeting."))
    deal = (_obj(selectors.deals_between(meeting), payload.deal_id, gettext("No such deal."))
            if payload.deal_id is not None else None)
    with transaction.atomic():
        return services.meeting_outcome(actor=request.user, meeting=meeting, outcome=payload.outcome,
                                        note=payload.note, deal=deal, request=request)


ANSWERS = {"accept": services.meeting_accept, "decline": services.meeting_decline,
           "withdraw": services.meeting_withdraw}


@router.post("/events/{pk}/meetings/{meeting_id}/{answer}", response=MeetingOut, auth=WRITE_AUTH)
def meeting_answer(request: HttpRequest, pk: int, meeting_id: int, answer: str):
    """`accept` or `decline` (the holder), `withdraw` (the enterprise). Declared after `place` and `outcome`, which
    the `{answer}` path would otherwise catch."""
    meeting = selectors.meeting_get(request.user, meeting_id)
    if meeting.event_id != pk or answer not in ANSWERS:
        raise NotFound(gettext("No such meeting."))
    with transaction.atomic():
        return ANSWERS[answer](actor=request.user, meeting=meeting, request=request)


@router.get("/events/{pk}/results", response=ResultsOut, auth=WRITE_AUTH)
def results(request: HttpRequest, pk: int):
    event = selectors.event_get(request.user, pk)
    authorize(request.user, Action.EVENT_RESULTS_VIEW, event, request=request)
    found = selectors.results(event)
    return {**found.__dict__, "outcomes": {str(k): v for k, v in found.outcomes.items()},
            "deals_started": len(found.deals)}



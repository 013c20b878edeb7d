"""Writes of the events app: an event's lifecycle (STEPS), its agenda and invitations, registration with its capacity
(serialised on the event's row), meeting requests and answers (MEETING_STEPS), scheduling (greedy, explained in
`schedule_auto`) and manual moves checked for clashes (database constraints decide), and outcomes. Callers own the
transaction; notices leave after it commits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import Deal
from patentbridge.events.models import (
    LIVE_REGISTRATION,
    AgendaItem,
    Event,
    EventStatus,
    Invitation,
    Meeting,
    MeetingOutcome,
    MeetingSeat,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Side,
)
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.permissions import Action, Capability, authorize, user_ids_with
from patentbridge.patents.models import Patent

E = EventStatus
# An event's lifecycle: each allowed (from, to) step. Nothing else is allowed.
STEPS = frozenset({(E.DRAFT, E.PUBLISHED), (E.DRAFT, E.CANCELLED), (E.PUBLISHED, E.CLOSED),
                   (E.PUBLISHED, E.CANCELLED)})
M = MeetingStatus
MEETING_STEPS = frozenset({(M.REQUESTED, M.ACCEPTED), (M.REQUESTED, M.DECLINED), (M.REQUESTED, M.WITHDRAWN),
                           (M.ACCEPTED, M.WITHDRAWN)})
EVENT_FIELDS = ("kind", "title", "description", "theme_words", "industry", "sei_industry", "ipc_areas", "city",
                "starts_at", "ends_at", "place", "online_link", "capacity", "waiting_list", "registration_deadline",
                "meetings_start_at", "slot_minutes", "slots", "tables")


# events -------------------------------------------------------------------------------------------------------
def event_create(*, actor: Any, organiser: Organisation, data: dict[str, Any], request: Any = None) -> Event:
    """A draft event of the organiser (a regulator, an agency or a bank the actor organises for)."""
    authorize(actor, Action.EVENT_ORGANISE, organiser, request=request)
    event = Event(organiser=organiser, created_by=actor)
    return _save_fields(actor, event, data)


def event_update(*, actor: Any, event: Event, data: dict[str, Any], request: Any = None) -> Event:
    """Change a draft or published event; a closed or cancelled one stays as it was."""
    authorize(actor, Action.EVENT_ORGANISE, event, request=request)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (E.DRAFT, E.PUBLISHED):
        raise Conflict(_("A closed or cancelled event cannot be changed."), code="event_ended")
    if "capacity" in data and data["capacity"] is not None and data["capacity"] < event.registrations.filter(
            status=RegistrationStatus.REGISTERED).count():
        raise ValidationFailed(details={"capacity": _("More organisations are already registered.")})
    return _save_fields(actor, event, data)


def _save_fields(actor: Any, event: Event, data: dict[str, Any]) -> Event:
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, _clean(name, data[name]))
    _validate(event)
    try:
        with transaction.atomic(), set_actor(actor):
            event.save()
    except IntegrityError as exc:
        raise ValidationFailed(_("The event's dates, sizes or place are not consistent."),
                               code="event_invalid") from exc
    return event


def _clean(name: str, value: Any) -> Any:
    if name == "ipc_areas":
        items = value.split() if isinstance(value, str) else list(value or [])
        return list(dict.fromkeys(code.strip().upper() for code in items if code.strip()))
    if isinstance(value, str):
        return value.strip()
    return value


def _validate(event: Event) -> None:
    errors: dict[str, str] = {}
    if not event.title:
        errors["title"] = _("Give the event a title.")
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        errors["ends_at"] = _("The end comes before the start.")
    if event.registration_deadline and event.ends_at and event.registration_deadline > event.ends_at:
        errors["registration_deadline"] = _("Registration must close before the event ends.")
    if not event.place and not event.online_link:
        errors["place"] = _("Give a place or an online link.")
    if not event.capacity or event.capacity < 1:
        errors["capacity"] = _("The capacity is at least one organisation.")
    if event.slot_minutes is not None and event.slot_minutes < 5:
        errors["slot_minutes"] = _("A slot lasts at least five minutes.")
    if not event.tables or not event.slots:
        errors["tables"] = _("The meeting grid needs at least one slot and one table.")
    if errors:
        raise ValidationFailed(details=errors)


def event_publish(*, actor: Any, event: Event, request: Any = None) -> Event:
    """Publish: the event appears in the public list and registration opens."""
    return _step(actor, event, E.PUBLISHED, "", request)


def event_close(*, actor: Any, event: Event, request: Any = None) -> Event:
    """Close after it took place: registration and meeting requests end; outcomes may still be recorded."""
    return _step(actor, event, E.CLOSED, "", request)


def event_cancel(*, actor: Any, event: Event, reason: str, request: Any = None) -> Event:
    """Call the event off, with the reason; everyone registered is told."""
    if not (reason or "").strip():
        raise ValidationFailed(details={"reason": _("Give the reason.")})
    return _step(actor, event, E.CANCELLED, reason.strip(), request)


def _step(actor: Any, event: Event, to: str, reason: str, request: Any) -> Event:
    authorize(actor, Action.EVENT_ORGANISE, event, request=request)
    current = Event.objects.select_for_update().get(pk=event.pk)
    step_require(STEPS, current.status, to, labels=dict(E.choices))
    now = timezone.now()
    current.status = to
    if to == E.PUBLISHED:
        current.published_at = now
    else:
        current.ended_at, current.cancel_reason = now, reason
    with set_actor(actor):
        current.save()
    if to == E.CANCELLED:
        _notify(_people(_registered_org_ids(current)), NoticeKind.REVIEW_DECISION, "event_cancelled",
                {"event": current.title, "reason": reason}, _link(current), f"event:{current.pk}:cancelled", actor,
                current.organiser)
    return current


def agenda_item_add(*, actor: Any, event: Event, at: dt.time, title: str, speaker: str = "",
                    request: Any = None) -> AgendaItem:
    authorize(actor, Action.EVENT_ORGANISE, event, request=request)
    if not (title or "").strip():
        raise ValidationFailed(details={"title": _("Give the agenda item a title.")})
    with set_actor(actor):
        return AgendaItem.objects.create(event=event, at=at, title=title.strip(), speaker=(speaker or "").strip())


def agenda_item_remove(*, actor: Any, item: AgendaItem, request: Any = None) -> None:
    authorize(actor, Action.EVENT_ORGANISE, item.event, request=request)
    with set_actor(actor):
        item.delete()


def invite(*, actor: Any, event: Event, organisation: Organisation, reasons: list[str] | None = None,
           request: Any = None) -> Invitation:
    """The organiser invites a proposed enterprise or patent holder; its people are told (once)."""
    authorize(actor, Action.EVENT_ORGANISE, event, request=request)
    if event.status != E.PUBLISHED:
        raise Conflict(_("Invitations go out once the event is published."), code="event_not_published")
    invitation, _created = Invitation.objects.get_or_create(
        event=event, organisation=organisation, defaults={"reasons": reasons or [], "invited_by": actor})
    _notify(_people([organisation.pk]), NoticeKind.REVIEW_REQUESTED, "event_invitation",
            {"event": event.title, "organiser": event.organiser.name, "starts_at": _when(event.starts_at)},
            _link(event), f"event:{event.pk}:invite", actor, organisation)
    return invitation


# registration ---------------------------------------------------------------------------------------------------
def register(*, actor: Any, event: Event, organisation: Organisation, side: str,
             patents: list[Patent] | None = None, request: Any = None) -> Registration:
    """Register an organisation; the event's row is locked, so that two registrations at once never pass the
    capacity: when full, the organisation waits (or, with no waiting list, is refused with the reason)."""
    authorize(actor, Action.EVENT_TAKE_PART, organisation, request=request)
    if side not in Side.values:
        raise ValidationFailed(details={"side": _("Say whether you come for technology or with patents.")})
    if organisation.kind == OrgKind.REGULATOR:
        raise ValidationFailed(details={"organisation": _("A regulator takes part as the organiser.")})
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _require_open(locked)
    if locked.organiser_id == organisation.pk:
        raise Conflict(_("The organiser does not register for its own event."), code="organiser_registers")
    if locked.registrations.filter(organisation=organisation, status__in=LIVE_REGISTRATION).exists():
        raise Conflict(_("This organisation is already registered."), code="already_registered")
    brought = _own_patents(organisation, patents or [])
    full = locked.registrations.filter(status=RegistrationStatus.REGISTERED).count() >= locked.capacity
    if full and not locked.waiting_list:
        raise Conflict(_("The event is full (%(n)s organisations) and keeps no waiting list.")
                       % {"n": locked.capacity}, code="event_full", details={"capacity": locked.capacity})
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    with set_actor(actor):
        registration = Registration.objects.create(event=locked, organisation=organisation, side=side,
                                                   status=status, registered_by=actor)
    registration.patents.set(brought)
    return registration


def _require_open(event: Event) -> None:
    if event.status != E.PUBLISHED:
        raise Conflict(_("The event is not open for registration."), code="event_not_open",
                       details={"status": event.status})
    if timezone.now() > event.registration_deadline:
        raise Conflict(_("Registration closed on %(when)s.") % {"when": _when(event.registration_deadline)},
                       code="registration_closed")


def _own_patents(organisation: Organisation, patents: list[Patent]) -> list[Patent]:
    foreign = [p for p in patents if organisation.pk not in p.owner_org_ids()]
    if foreign:
        raise ValidationFailed(details={"patents": _("Bring only your own patents: %(numbers)s are not.")
                                        % {"numbers": "、".join(p.application_number for p in foreign)}})
    return patents


def registration_cancel(*, actor: Any, registration: Registration, request: Any = None) -> Registration:
    """Cancel a registration; the first organisation waiting takes the place (and is told)."""
    authorize(actor, Action.EVENT_TAKE_PART, registration.organisation, request=request)
    Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is already cancelled."), code="already_cancelled")
    freed = current.status == RegistrationStatus.REGISTERED
    current.status, current.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    with set_actor(actor):
        current.save()
    if freed:
        _promote_waiting(actor, current.event)
    return current


def _promote_waiting(actor: Any, event: Event) -> None:
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by("registered_at", "pk").first()
    if waiting is None:
        return
    waiting.status = RegistrationStatus.REGISTERED
    with set_actor(actor):
        waiting.save()
    _notify(_people([waiting.organisation_id]), NoticeKind.REVIEW_DECISION, "event_place_free",
            {"event": event.title}, _link(event), f"event:{event.pk}:promoted:{waiting.pk}", actor,
            waiting.organisation)


# meetings -------------------------------------------------------------------------------------------------------
def meeting_request(*, actor: Any, event: Event, enterprise: Organisation, holder: Organisation,
                    patent: Patent | None = None, note: str = "", request: Any = None) -> Meeting:
    """A registered enterprise asks a registered holder for a one-to-one meeting about one of its patents."""
    authorize(actor, Action.EVENT_TAKE_PART, enterprise, request=request)
    event = Event.objects.get(pk=event.pk)
    if event.status != E.PUBLISHED:
        raise Conflict(_("Meetings are asked for while the event is published."), code="event_not_open")
    registered = set(event.registrations.filter(status=RegistrationStatus.REGISTERED)
                     .values_list("organisation_id", flat=True))
    if enterprise.pk not in registered or holder.pk not in registered:
        raise Conflict(_("Both organisations must be registered for the event."), code="not_registered")
    if enterprise.pk == holder.pk:
        raise ValidationFailed(details={"holder": _("Ask another organisation.")})
    if patent is not None and holder.pk not in patent.owner_org_ids():
        raise ValidationFailed(details={"patent": _("The patent is not the holder's.")})
    if event.meetings.filter(enterprise=enterprise, holder=holder, patent=patent,
                             status__in=[M.REQUESTED, M.ACCEPTED]).exists():
        raise Conflict(_("This meeting is already asked for."), code="meeting_exists")
    meeting = Meeting(event=event, enterprise=enterprise, holder=holder, patent=patent, note=(note or "").strip(),
                      requested_by=actor)
    try:
        with transaction.atomic(), set_actor(actor):
            meeting.save()
    except IntegrityError as exc:
        raise Conflict(_("This meeting is already asked for."), code="meeting_exists") from exc
    _notify(_people([holder.pk]), NoticeKind.REVIEW_REQUESTED,
            "event_meeting_requested_patent" if patent else "event_meeting_requested",
            {"event": event.title, "enterprise": enterprise.name, "patent": patent.title if patent else ""},
            _meetings_link(event), f"meeting:{meeting.pk}:requested", actor, holder)
    return meeting


def meeting_accept(*, actor: Any, meeting: Meeting, request: Any = None) -> Meeting:
    return _meeting_step(actor, meeting, M.ACCEPTED, meeting.holder, request)


def meeting_decline(*, actor: Any, meeting: Meeting, request: Any = None) -> Meeting:
    return _meeting_step(actor, meeting, M.DECLINED, meeting.holder, request)


def meeting_withdraw(*, actor: Any, meeting: Meeting, request: Any = None) -> Meeting:
    return _meeting_step(actor, meeting, M.WITHDRAWN, meeting.enterprise, request)


def _meeting_step(actor: Any, meeting: Meeting, to: str, party: Organisation, request: Any) -> Meeting:
    authorize(actor, Action.EVENT_TAKE_PART, party, request=request)
    current = Meeting.objects.select_for_update().select_related("event", "enterprise", "holder").get(pk=meeting.pk)
    step_require(MEETING_STEPS, current.status, to, labels=dict(M.choices))
    current.status, current.answered_by, current.answered_at = to, actor, timezone.now()
    if to == M.WITHDRAWN:
        current.seats.all().delete()
        current.slot = current.table = None
    with set_actor(actor):
        current.save()
    if to in (M.ACCEPTED, M.DECLINED):
        _notify(_people([current.enterprise_id]), NoticeKind.REVIEW_DECISION, "event_meeting_answered",
                {"event": current.event.title, "holder": current.holder.name, "status_label": msgid(M(to).label)},
                _meetings_link(current.event), f"meeting:{current.pk}:{to}", actor, current.enterprise)
    return current


def meeting_move(*, actor: Any, meeting: Meeting, slot: int, table: int, request: Any = None) -> Meeting:
    """The organiser puts an accepted meeting at a slot and table; a clash (an organisation in two meetings of the
    slot, a table taken) is refused by the database and named."""
    authorize(actor, Action.EVENT_ORGANISE, meeting.event, request=request)
    current = Meeting.objects.select_for_update().select_related("event").get(pk=meeting.pk)
    _require_schedulable(current, slot, table)
    try:
        with transaction.atomic(), set_actor(actor):
            _place(current, slot, table)
    except IntegrityError as exc:
        raise Conflict(_("Slot %(slot)s, table %(table)s clashes: the table is taken or one of the organisations "
                         "already meets someone then.") % {"slot": slot + 1, "table": table},
                       code="schedule_clash") from exc
    _notify_scheduled(actor, current)
    return current


def _require_schedulable(meeting: Meeting, slot: int, table: int) -> None:
    if meeting.status != M.ACCEPTED:
        raise Conflict(_("Only an accepted meeting is scheduled."), code="meeting_not_accepted")
    if meeting.event.status != E.PUBLISHED:
        raise Conflict(_("Meetings are scheduled while the event is published."), code="event_not_open")
    if not (0 <= slot < meeting.event.slots and 1 <= table <= meeting.event.tables):
        raise ValidationFailed(details={"slot": _("The event has %(slots)s slots and %(tables)s tables.")
                                        % {"slots": meeting.event.slots, "tables": meeting.event.tables}})


def _place(meeting: Meeting, slot: int, table: int) -> None:
    meeting.seats.all().delete()
    meeting.slot, meeting.table = slot, table
    meeting.save(update_fields=["slot", "table"])
    MeetingSeat.objects.bulk_create([MeetingSeat(meeting=meeting, event_id=meeting.event_id, slot=slot,
                                                 organisation_id=org_id) for org_id in sorted(meeting.party_ids())])


def schedule_auto(*, actor: Any, event: Event, request: Any = None) -> list[Meeting]:
    """Greedy scheduling: each accepted, unscheduled meeting, in the order it was asked for (first come, first
    served), takes the earliest slot in which neither organisation already meets someone, at the lowest free table.
    Meetings already placed stay where they are. Returns the meetings that found no place."""
    authorize(actor, Action.EVENT_ORGANISE, event, request=request)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    busy = {(seat.slot, seat.organisation_id) for seat in MeetingSeat.objects.filter(event=locked)}
    taken = set(locked.meetings.filter(slot__isnull=False).values_list("slot", "table"))
    unplaced: list[Meeting] = []
    pending = locked.meetings.filter(status=M.ACCEPTED, slot__isnull=True).order_by("requested_at", "pk")
    with set_actor(actor):
        for meeting in pending.select_related("event"):
            spot = _first_free(locked, meeting, busy, taken)
            if spot is None:
                unplaced.append(meeting)
                continue
            _place(meeting, *spot)
            busy |= {(spot[0], org_id) for org_id in meeting.party_ids()}
            taken.add(spot)
            _notify_scheduled(actor, meeting)
    return unplaced


def _first_free(event: Event, meeting: Meeting, busy: set, taken: set) -> tuple[int, int] | None:
    for slot in range(event.slots):
        if any((slot, org_id) in busy for org_id in meeting.party_ids()):
            continue
        table = next((t for t in range(1, event.tables + 1) if (slot, t) not in taken), None)
        if table is not None:
            return slot, table
    return None


def _notify_scheduled(actor: Any, meeting: Meeting) -> None:
    _notify(_people(meeting.party_ids()), NoticeKind.REVIEW_DECISION, "event_meeting_scheduled",
            {"event": meeting.event.title, "at": _when(meeting.event.slot_start(meeting.slot)),
             "table": meeting.table}, _meetings_link(meeting.event),
            f"meeting:{meeting.pk}:at:{meeting.slot}:{meeting.table}", actor, None)


def meeting_outcome(*, actor: Any, meeting: Meeting, outcome: str, note: str = "", deal: Deal | None = None,
                    request: Any = None) -> Meeting:
    """After the event began, a scheduled meeting's outcome: no interest, follow-up, or a deal started between the
    two organisations (named, chosen from their deals)."""
    authorize(actor, Action.EVENT_OUTCOME, meeting, request=request)
    current = Meeting.objects.select_for_update().select_related("event").get(pk=meeting.pk)
    if current.slot is None:
        raise Conflict(_("Only a scheduled meeting has an outcome."), code="meeting_not_scheduled")
    if timezone.now() < current.event.starts_at:
        raise Conflict(_("The outcome is recorded once the event has begun."), code="event_not_begun")
    if outcome not in MeetingOutcome.values:
        raise ValidationFailed(details={"outcome": _("Choose an outcome.")})
    if (outcome == MeetingOutcome.DEAL_STARTED) != (deal is not None):
        raise ValidationFailed(details={"deal": _("Name the deal exactly when a deal was started.")})
    if deal is not None and {deal.owner_id, deal.counterparty_id} != current.party_ids():
        raise ValidationFailed(details={"deal": _("The deal is not between these two organisations.")})
    current.outcome, current.deal, current.outcome_note, current.outcome_by = (
        outcome, deal, (note or "").strip(), actor)
    with set_actor(actor):
        current.save()
    return current


# ---------------------------------------------------------------------------------------------------------------
def _registered_org_ids(event: Event) -> list[int]:
    return list(event.registrations.filter(status__in=LIVE_REGISTRATION).values_list("organisation_id", flat=True))


def _people(org_ids: Any) -> set[int]:
    return user_ids_with(Capability.PROPOSE, org_ids)


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _link(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def _meetings_link(event: Event) -> str:
    return reverse("events:meetings", args=[event.pk])


def _notify(people: Any, kind: str, variant: str, params: dict[str, Any], link: str, key: str, actor: Any,
            organisation: Any) -> None:
    notify(recipients=people, kind=kind, params={"variant": variant, **params}, link=link, key=key,
           organisation=organisation, actor=actor)

"""An event's lifecycle: every allowed step taken, every other refused; creation and change validated."""

from __future__ import annotations

import datetime as dt
from itertools import product

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.events import services
from patentbridge.events.models import Event, EventStatus
from patentbridge.events.services import STEPS
from patentbridge.events.tests.factories import EventFactory, event_data
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

E = EventStatus
TAKE = {E.PUBLISHED: lambda actor, event: services.event_publish(actor=actor, event=event),
        E.CLOSED: lambda actor, event: services.event_close(actor=actor, event=event),
        E.CANCELLED: lambda actor, event: services.event_cancel(actor=actor, event=event, reason="场地取消"),
        E.DRAFT: None}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(STEPS))
def test_each_allowed_step_is_taken(source, target):
    event = EventFactory(status=source)
    done = TAKE[target](member_of(event.organiser, Role.REGULATOR), event)
    assert Event.objects.get(pk=event.pk).status == target == done.status


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [
    (s, t) for s, t in product(E.values, E.values) if (s, t) not in STEPS and TAKE[t] is not None])
def test_each_other_step_is_refused(source, target):
    event = EventFactory(status=source)
    with pytest.raises(Conflict) as refused:
        TAKE[target](member_of(event.organiser, Role.REGULATOR), event)
    assert refused.value.code == "invalid_transition"
    assert Event.objects.get(pk=event.pk).status == source


@pytest.mark.django_db
def test_a_bank_officer_creates_a_draft_for_the_bank():
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    event = services.event_create(actor=member_of(bank, Role.BANK_OFFICER), organiser=bank, data=event_data())
    assert (event.status, event.organiser, event.ipc_areas) == (E.DRAFT, bank, ["B25J", "G06T"])


@pytest.mark.django_db
def test_an_agency_broker_organises_for_the_agency_but_not_for_another():
    agency = OrganisationFactory(kind=OrgKind.AGENCY)
    broker = member_of(agency, Role.AGENCY_BROKER)
    with pytest.raises(PermissionDenied):
        services.event_create(actor=broker, organiser=OrganisationFactory(kind=OrgKind.AGENCY), data=event_data())
    assert services.event_create(actor=broker, organiser=agency, data=event_data()).organiser == agency


@pytest.mark.django_db
def test_a_university_does_not_organise_events():
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    with pytest.raises(PermissionDenied):
        services.event_create(actor=member_of(uni), organiser=uni, data=event_data())


@pytest.mark.django_db
def test_an_event_without_place_or_link_is_refused():
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR)
    with pytest.raises(ValidationFailed) as refused:
        services.event_create(actor=member_of(bureau, Role.REGULATOR), organiser=bureau, data=event_data(place=""))
    assert "place" in refused.value.details


@pytest.mark.django_db
def test_registration_must_close_before_the_event_ends():
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR)
    data = event_data()
    data["registration_deadline"] = data["ends_at"] + dt.timedelta(hours=1)
    with pytest.raises(ValidationFailed) as refused:
        services.event_create(actor=member_of(bureau, Role.REGULATOR), organiser=bureau, data=data)
    assert "registration_deadline" in refused.value.details


@pytest.mark.django_db
def test_a_closed_event_cannot_be_changed():
    event = EventFactory(status=E.CLOSED)
    with pytest.raises(Conflict):
        services.event_update(actor=member_of(event.organiser, Role.REGULATOR), event=event, data={"title": "新"})


@pytest.mark.django_db
def test_cancelling_needs_a_reason_and_tells_those_registered():
    from patentbridge.events.tests.factories import world

    w = world()
    with pytest.raises(ValidationFailed):
        services.event_cancel(actor=w.organiser, event=w.event, reason=" ")
    services.event_cancel(actor=w.organiser, event=w.event, reason="台风")
    assert Notice.objects.filter(recipient=w.firm_user, params__variant="event_cancelled").exists()

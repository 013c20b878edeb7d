"""Small builders for the events tests: an organiser with its people, a published event, registered parties."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import factory
from django.utils import timezone

from patentbridge.events import services
from patentbridge.events.models import Event, EventStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory


def soon(days: int = 10) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    """An event written straight to the table, published unless told (the services decide how one gets there)."""

    class Meta:
        model = Event

    organiser = factory.SubFactory(OrganisationFactory, kind=OrgKind.REGULATOR)
    title = factory.Sequence(lambda n: f"智能制造专利对接会{n}")
    theme_words = "工业机器人 视觉检测"
    ipc_areas = factory.LazyFunction(lambda: ["B25J"])
    starts_at = factory.LazyFunction(soon)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=4))
    registration_deadline = factory.LazyAttribute(lambda e: e.starts_at - dt.timedelta(days=1))
    place = "广州市天河区"
    capacity = 10
    status = EventStatus.PUBLISHED


def event_data(**overrides: Any) -> dict[str, Any]:
    start = soon()
    return {"title": "智能制造专利对接会", "theme_words": "工业机器人", "ipc_areas": "B25J g06t",
            "starts_at": start, "ends_at": start + dt.timedelta(hours=3),
            "registration_deadline": start - dt.timedelta(days=1), "place": "广州", "capacity": 5, **overrides}


def world(**event_fields: Any) -> SimpleNamespace:
    """A published event of a city bureau; a registered enterprise and a registered university holding a patent."""
    event = EventFactory(**event_fields)
    organiser = member_of(event.organiser, Role.REGULATOR)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    firm_user, uni_office = member_of(firm, Role.ENTERPRISE_USER), member_of(uni)
    patent = PatentFactory(owner=uni, ipc_main="B25J9/16", ipc_codes=["B25J9/16"])
    services.register(actor=firm_user, event=event, organisation=firm, side="enterprise")
    services.register(actor=uni_office, event=event, organisation=uni, side="holder", patents=[patent])
    return SimpleNamespace(event=event, organiser=organiser, firm=firm, uni=uni, firm_user=firm_user,
                           uni_office=uni_office, patent=patent)


def accepted_meeting(w: SimpleNamespace, enterprise: Any = None, holder: Any = None, patent: Any = None) -> Any:
    meeting = services.meeting_request(actor=w.firm_user if enterprise is None else member_of(enterprise,
                                                                                                Role.ENTERPRISE_USER),
                                       event=w.event, enterprise=enterprise or w.firm, holder=holder or w.uni,
                                       patent=patent if patent is not None else w.patent)
    return services.meeting_accept(actor=w.uni_office if holder is None else member_of(holder), meeting=meeting)


def register_org(event: Event, kind: str = OrgKind.ENTERPRISE, side: str = "enterprise") -> Any:
    org = OrganisationFactory(kind=kind)
    services.register(actor=member_of(org, Role.ENTERPRISE_USER if kind == OrgKind.ENTERPRISE
                                      else Role.TECH_TRANSFER_MANAGER), event=event, organisation=org, side=side)
    return org

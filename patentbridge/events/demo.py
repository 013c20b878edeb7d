"""Demo records: Guangzhou's bureau runs a published 智能制造 matchmaking event with the demo enterprise and 华南理工大学
registered and one meeting requested, and a past event whose meetings have outcomes (one started a deal) — so that
the organiser, the enterprise, the university and the regulator each find their pages filled on a fresh demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.deals import services as deals
from patentbridge.deals.models import Deal, DealKind
from patentbridge.events import services
from patentbridge.events.models import Event, EventKind, MeetingOutcome
from patentbridge.orgs.models import City, Membership, Role
from patentbridge.patents.models import Patent
from patentbridge.pool.selectors import pool_patents

TITLE = "2026 广州智能制造专利供需对接会（演示）"
PAST_TITLE = "2026 知惠行·入园惠企专利转化对接活动（演示）"
USERS = ("demo-city-regulator", "demo-enterprise", "demo-ttm")


@transaction.atomic
def seed_demo(say: Callable[[str], None] = lambda _text: None) -> None:
    """Both events through the services; nothing is done twice."""
    users = get_user_model().objects.filter(username__in=USERS).in_bulk(field_name="username")
    if len(users) < len(USERS):
        say(_("Events: the demo accounts are missing; no event made."))
        return
    organiser, enterprise, university = (_org_of(users[name], role) for name, role in zip(
        USERS, (Role.REGULATOR, Role.SIGNATORY, Role.TECH_TRANSFER_MANAGER), strict=True))
    patents = _holder_patents(university)
    if Event.objects.filter(title__in=[TITLE, PAST_TITLE]).exists() or len(patents) < 2:
        return
    people = {"organiser": users["demo-city-regulator"], "enterprise": users["demo-enterprise"],
              "holder": users["demo-ttm"]}
    _published_event(people, organiser, enterprise, university, patents)
    _past_event(people, organiser, enterprise, university, patents)
    say(_("Events: a published matchmaking event and a past one with outcomes."))


def _org_of(user: Any, role: str) -> Any:
    return Membership.objects.select_related("organisation").filter(user=user, role=role).first().organisation


def _holder_patents(university: Any) -> list[Patent]:
    pooled = list(pool_patents({}).filter(applicant_links__organisation=university)[:2])
    return pooled if len(pooled) == 2 else list(
        Patent.objects.filter(applicant_links__organisation=university, legal_status="in_force").order_by("pk")[:2])


def _data(title: str, starts: dt.datetime, city: City | None) -> dict[str, Any]:
    return {"kind": EventKind.MATCHMAKING, "title": title, "theme_words": "智能制造 工业机器人 视觉检测 自动化",
            "description": "分主题供需对接：高校院所专利与中小企业需求一对一洽谈（演示数据）。",
            "ipc_areas": ["B25J", "G06T", "G05B"], "city": city, "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=4), "place": "广州市天河区科韵路（演示会场）", "capacity": 30,
            "registration_deadline": starts - dt.timedelta(days=1), "slot_minutes": 20, "slots": 6, "tables": 4}


def _published_event(people: dict, organiser: Any, enterprise: Any, university: Any, patents: list[Patent]) -> Event:
    starts = (timezone.localtime() + dt.timedelta(days=21)).replace(hour=9, minute=30, second=0, microsecond=0)
    event = services.event_create(actor=people["organiser"], organiser=organiser,
                                  data=_data(TITLE, starts, City.objects.filter(pk=organiser.city_id).first()))
    for at, title, speaker in ((dt.time(9, 30), "开幕致辞", "广州市市场监督管理局（知识产权局）"),
                               (dt.time(10, 0), "高校专利项目路演", "华南理工大学技术转移中心"),
                               (dt.time(11, 0), "一对一对接洽谈", "")):
        services.agenda_item_add(actor=people["organiser"], event=event, at=at, title=title, speaker=speaker)
    event = services.event_publish(actor=people["organiser"], event=event)
    services.register(actor=people["enterprise"], event=event, organisation=enterprise, side="enterprise")
    services.register(actor=people["holder"], event=event, organisation=university, side="holder", patents=patents)
    services.meeting_request(actor=people["enterprise"], event=event, enterprise=enterprise, holder=university,
                             patent=patents[0], note="希望了解许可条件（演示）")
    return event


def _past_event(people: dict, organiser: Any, enterprise: Any, university: Any, patents: list[Patent]) -> Event:
    starts = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0)
    data = {**_data(PAST_TITLE, starts, City.objects.filter(pk=organiser.city_id).first()),
            "kind": EventKind.FINANCE}
    event = services.event_create(actor=people["organiser"], organiser=organiser, data=data)
    event = services.event_publish(actor=people["organiser"], event=event)
    services.register(actor=people["enterprise"], event=event, organisation=enterprise, side="enterprise")
    services.register(actor=people["holder"], event=event, organisation=university, side="holder", patents=patents)
    meetings = [services.meeting_request(actor=people["enterprise"], event=event, enterprise=enterprise,
                                         holder=university, patent=patent) for patent in patents]
    for meeting in meetings:
        services.meeting_accept(actor=people["holder"], meeting=meeting)
    services.schedule_auto(actor=people["organiser"], event=event)
    held = (timezone.localtime() - dt.timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)
    services.event_update(actor=people["organiser"], event=event, data={
        "starts_at": held, "ends_at": held + dt.timedelta(hours=4), "registration_deadline": held,
        "meetings_start_at": held})
    deal = _deal(people["holder"], university, enterprise, patents[0])
    meetings = [m.__class__.objects.get(pk=m.pk) for m in meetings]
    services.meeting_outcome(actor=people["organiser"], meeting=meetings[0], outcome=MeetingOutcome.DEAL_STARTED,
                             deal=deal, note="双方同意就普通许可继续谈判（演示）")
    services.meeting_outcome(actor=people["organiser"], meeting=meetings[1], outcome=MeetingOutcome.FOLLOW_UP,
                             note="企业将安排技术团队考察（演示）")
    services.event_close(actor=people["organiser"], event=event)
    return event


def _deal(actor: Any, owner: Any, counterparty: Any, patent: Patent) -> Deal:
    today = timezone.localdate()
    return deals.deal_create(actor=actor, patent=patent, kind=DealKind.ORDINARY_LICENCE, owner=owner,
                             counterparty=counterparty,
                             data={"starts_on": today + dt.timedelta(days=60),
                                   "ends_on": today + dt.timedelta(days=60 + 3 * 365),
                                   "amount": Decimal("300000.00")})

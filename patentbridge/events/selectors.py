"""Reads of the events app: the public list, each user's events, registrations and meetings (scoped here, not in the
views), the proposals that fit an event's theme (explained as search results are), the results, and the KPI rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.deals.models import Deal
from patentbridge.demands.models import Demand, Visibility
from patentbridge.demands.selectors import LIVE
from patentbridge.events.market import market_patent_ids
from patentbridge.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation
from patentbridge.orgs.permissions import (
    Action,
    Capability,
    event_organiser_org_ids,
    is_allowed,
    org_ids_with,
)
from patentbridge.patents.models import Patent, PatentClassification
from patentbridge.patents.selectors import ipc_titles
from patentbridge.pool.selectors import open_licence_list, pool_patents
from patentbridge.search.engine import STRENGTH_LABELS, search
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import FILLER_WORDS, tokens

PUBLIC = (EventStatus.PUBLISHED, EventStatus.CLOSED)
PROPOSALS = 20
DEMANDS_CONSIDERED = 2000  # the most recent live public demands read for one event's proposals


# events ---------------------------------------------------------------------------------------------------------
def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC).select_related("organiser", "city", "industry", "sei_industry")


def event_get(user: Any, pk: int) -> Event:
    """A published or closed event for anyone; a draft or cancelled one for its organiser only."""
    event = Event.objects.select_related("organiser", "city", "industry", "sei_industry").filter(pk=pk).first()
    if event is None or (event.status not in PUBLIC and not is_allowed(user, Action.EVENT_ORGANISE, event)):
        raise NotFound(_("No such event."))
    return event


def organised_events(user: Any) -> QuerySet[Event]:
    return (Event.objects.filter(organiser_id__in=event_organiser_org_ids(user)).select_related("organiser", "city")
            .annotate(registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                                       distinct=True)))


def events_taken_part(user: Any) -> QuerySet[Event]:
    own = org_ids_with(user, Capability.READ)
    return public_events().filter(registrations__organisation_id__in=own).distinct()


def own_registrations(user: Any, event: Event) -> QuerySet[Registration]:
    return (event.registrations.filter(organisation_id__in=org_ids_with(user, Capability.READ))
            .exclude(status=RegistrationStatus.CANCELLED).select_related("organisation").prefetch_related("patents"))


def registrations_of(event: Event) -> QuerySet[Registration]:
    """Every registration of the event (the organiser's view)."""
    return event.registrations.select_related("organisation").prefetch_related("patents").order_by("status",
                                                                                                   "registered_at")


def holders_of(event: Event) -> QuerySet[Registration]:
    """The registered patent holders with the patents they bring: public on the event page."""
    return (event.registrations.filter(status=RegistrationStatus.REGISTERED, side="holder")
            .select_related("organisation").prefetch_related("patents"))


def meetings_visible(user: Any, event: Event) -> QuerySet[Meeting]:
    """All meetings for the organiser (and results readers); a participant's own meetings only."""
    meetings = event.meetings.select_related("enterprise", "holder", "patent", "deal")
    if is_allowed(user, Action.EVENT_ORGANISE, event) or is_allowed(user, Action.EVENT_RESULTS_VIEW, event):
        return meetings
    own = org_ids_with(user, Capability.READ)
    return meetings.filter(Q(enterprise_id__in=own) | Q(holder_id__in=own))


def meeting_get(user: Any, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("event", "enterprise", "holder").filter(pk=pk).first()
    if meeting is None or not meetings_visible(user, meeting.event).filter(pk=pk).exists():
        raise NotFound(_("No such meeting."))
    return meeting


def deals_between(meeting: Meeting) -> QuerySet[Deal]:
    """The deals of the meeting's two organisations, to choose from when a deal was started."""
    a, b = meeting.enterprise_id, meeting.holder_id
    return Deal.objects.filter(Q(owner_id=a, counterparty_id=b) | Q(owner_id=b, counterparty_id=a)).order_by("-pk")


@dataclass
class GridCell:
    slot: int
    starts_at: dt.datetime
    tables: list[Meeting | None]

    @property
    def busy(self) -> bool:
        return any(self.tables)


def schedule_grid(event: Event, meetings: list[Meeting]) -> list[GridCell]:
    placed = {(m.slot, m.table): m for m in meetings if m.slot is not None}
    return [GridCell(slot, event.slot_start(slot), [placed.get((slot, t)) for t in range(1, event.tables + 1)])
            for slot in range(event.slots)]


# proposals ------------------------------------------------------------------------------------------------------
@dataclass
class PatentProposal:
    patent: Patent
    sources: list[str]
    score: float = 0.0
    matched_terms: list[str] = field(default_factory=list)
    shared_ipc: list[dict[str, str]] = field(default_factory=list)
    shared_industry: dict[str, str] | None = None
    strength_label: str = ""


@dataclass
class EnterpriseProposal:
    organisation: Organisation
    score: float = 0.0
    demands: list[dict[str, Any]] = field(default_factory=list)  # title, matched_terms, shared_ipc, industry
    patents_in_areas: int = 0
    subclasses: list[str] = field(default_factory=list)
    strength_label: str = ""


def theme_text(event: Event) -> str:
    """The words the platform searches with: the theme words, else the title, and the industries' names."""
    parts = [event.theme_words or event.title]
    parts += [x.name for x in (event.sei_industry, event.industry) if x is not None]
    return " ".join(p for p in parts if p)


def candidate_sources(event: Event) -> dict[int, list[str]]:
    """The patents on offer: the convertible pool, standing open licences, listings and auction lots open now."""
    sources: dict[int, list[str]] = {}
    for pk in pool_patents({}).values_list("pk", flat=True):
        sources.setdefault(pk, []).append(_("In the convertible-patent pool"))
    for pk in open_licence_list({}).values_list("pk", flat=True):
        sources.setdefault(pk, []).append(_("Standing open licence"))
    for pk, why in market_patent_ids().items():
        sources.setdefault(pk, []).append(why)
    return sources


def proposed_patents(event: Event, limit: int = PROPOSALS) -> list[PatentProposal]:
    """Patents on offer that fit the theme, ranked by the platform's search (words and meaning, IPC and industry
    agreement) and explained like its hits; offered patents of the event's IPC areas that the words miss follow."""
    sources = candidate_sources(event)
    if not sources:
        return []
    subclasses = event.ipc_subclasses()
    proposals: dict[int, PatentProposal] = {}
    for hit in search(theme_text(event), ipc_hints=subclasses or None, industry=event.industry,
                      limit=200).hits if theme_text(event) else []:
        if hit.patent.pk in sources and len(proposals) < limit:
            proposals[hit.patent.pk] = PatentProposal(hit.patent, sources[hit.patent.pk], hit.score,
                                                      hit.matched_terms, hit.shared_ipc, hit.shared_industry,
                                                      hit.strength_label)
    if subclasses and len(proposals) < limit:
        in_areas = (PatentClassification.objects.filter(patent_id__in=list(sources), subclass__in=subclasses)
                    .exclude(patent_id__in=list(proposals)).values_list("patent_id", "subclass"))
        found: dict[int, list[str]] = {}
        for pk, sub in in_areas:
            found.setdefault(pk, []).append(sub)
        titles = ipc_titles(subclasses)
        for patent in Patent.objects.filter(pk__in=list(found)[:limit - len(proposals)]):
            shared = [{"code": sub, "title_zh": getattr(titles.get(sub), "title_zh", "")}
                      for sub in sorted(set(found[patent.pk]))]
            proposals[patent.pk] = PatentProposal(patent, sources[patent.pk], 0.0, [], shared, None,
                                                  str(STRENGTH_LABELS["weak"]))
    return list(proposals.values())


PROPOSALS_CACHE_S = 600  # the public event page reads its proposals from here: a search per view would be wasteful


def public_proposals(event: Event) -> list[PatentProposal]:
    """The patents proposed on the public event page, recomputed at most every ten minutes per event."""
    key = f"events:proposals:{event.pk}:{event.created_at.timestamp()}"
    return cache.get_or_set(key, lambda: proposed_patents(event), PROPOSALS_CACHE_S)


def proposed_enterprises(event: Event, limit: int = PROPOSALS) -> list[EnterpriseProposal]:
    """Enterprises that fit: their live public demands ranked by BM25 of the theme's words (with IPC and industry
    agreement), and their own patents in the event's IPC areas (their technical profile; the city's own enterprises
    for an event with a city)."""
    found: dict[int, EnterpriseProposal] = {}
    for demand, terms, shared, industry in _demands_fitting(event):
        proposal = found.setdefault(demand.organisation_id, EnterpriseProposal(demand.organisation))
        proposal.score += len(terms) + (1 if shared else 0) + (1 if industry else 0)
        proposal.demands.append({"title": demand.title, "matched_terms": terms, "shared_ipc": shared,
                                 "industry": industry})
    for org_id, counts in _ipc_profiles(event).items():
        proposal = found.setdefault(org_id, EnterpriseProposal(Organisation(pk=org_id)))
        proposal.patents_in_areas, proposal.subclasses = sum(counts.values()), sorted(counts)
        proposal.score += 0.5
    names = Organisation.objects.in_bulk(list(found))
    for org_id, proposal in found.items():
        proposal.organisation = names[org_id]
        proposal.strength_label = _strength(proposal)
    ranked = sorted(found.values(), key=lambda p: (-p.score, -p.patents_in_areas, p.organisation.pk))
    return [p for p in ranked if p.organisation.pk != event.organiser_id][:limit]


def _strength(proposal: EnterpriseProposal) -> str:
    words = any(d["matched_terms"] for d in proposal.demands)
    if words and (proposal.patents_in_areas or any(d["shared_ipc"] or d["industry"] for d in proposal.demands)):
        return _("Strong match")
    return _("Partial match") if words or proposal.demands else _("Weak match")


def _demands_fitting(event: Event) -> list[tuple[Demand, list[str], list[str], str]]:
    demands = list(Demand.objects.filter(status__in=LIVE, visibility=Visibility.PUBLIC,
                                         organisation__kind__in=list(ENTERPRISE_KINDS))
                   .select_related("organisation", "industry").order_by("-pk")[:DEMANDS_CONSIDERED])
    if not demands:
        return []
    query = [t for t in dict.fromkeys(tokens(theme_text(event))) if t not in FILLER_WORDS]
    demand_tokens = [d.current_tokens() for d in demands]
    scored = dict(LexicalIndex.build(list(range(len(demands))), demand_tokens).search(query, len(demands)))
    subclasses = set(event.ipc_subclasses())
    fitting = []
    for i, demand in enumerate(demands):
        words = set(demand_tokens[i])
        terms = [t for t in query if t in words] if i in scored else []
        shared = sorted(subclasses & {h.strip().upper()[:4] for h in demand.ipc_hints or []})
        industry = _industry_agrees(event, demand)
        if terms or shared or industry:
            fitting.append((demand, terms, shared, industry))
    return fitting


def _industry_agrees(event: Event, demand: Demand) -> str:
    if event.industry_id and demand.industry_id and demand.industry_id.startswith(event.industry_id):
        return str(demand.industry)
    return ""


def _ipc_profiles(event: Event) -> dict[int, dict[str, int]]:
    subclasses = event.ipc_subclasses()
    if not subclasses:
        return {}
    where = {"subclass__in": subclasses, "patent__applicant_links__organisation__kind__in": list(ENTERPRISE_KINDS)}
    if event.city_id:  # a local event: the profile proposes the city's own enterprises (a demand proposes any)
        where["patent__applicant_links__organisation__city_id"] = event.city_id
    rows = (PatentClassification.objects.filter(**where).values("patent__applicant_links__organisation_id", "subclass")
            .annotate(n=Count("patent_id", distinct=True)))
    profiles: dict[int, dict[str, int]] = {}
    for row in rows:
        profiles.setdefault(row["patent__applicant_links__organisation_id"], {})[row["subclass"]] = row["n"]
    return profiles


# results --------------------------------------------------------------------------------------------------------
@dataclass
class Results:
    registered: int
    waiting: int
    cancelled: int
    by_side: dict[str, int]
    requested: int
    accepted: int
    declined: int
    scheduled: int
    held: int
    outcomes: dict[str, int]
    deals: list[Meeting]
    deals_amount: Decimal


def results(event: Event) -> Results:
    registrations = Counter(event.registrations.values_list("status", flat=True))
    sides = Counter(event.registrations.filter(status=RegistrationStatus.REGISTERED).values_list("side", flat=True))
    meetings = list(event.meetings.select_related("deal", "enterprise", "holder", "patent"))
    statuses = Counter(m.status for m in meetings)
    outcomes = Counter(m.outcome for m in meetings if m.outcome)
    deals = [m for m in meetings if m.deal_id]
    return Results(
        registered=registrations[RegistrationStatus.REGISTERED], waiting=registrations[RegistrationStatus.WAITING],
        cancelled=registrations[RegistrationStatus.CANCELLED], by_side=dict(sides),
        requested=len(meetings), accepted=statuses[MeetingStatus.ACCEPTED], declined=statuses[MeetingStatus.DECLINED],
        scheduled=sum(1 for m in meetings if m.slot is not None), held=sum(1 for m in meetings if m.outcome),
        outcomes={label: outcomes[value] for value, label in MeetingOutcome.choices},
        deals=deals, deals_amount=sum((m.deal.amount for m in deals), Decimal("0")))


def export_rows(event: Event) -> list[list[Any]]:
    """The results as a table: one row per meeting."""
    header = [_("Enterprise"), _("Patent holder"), _("Patent"), _("Status"), _("Time"), _("Table"), _("Outcome"),
              _("Deal"), _("Amount (RMB)")]
    rows = [[m.enterprise.name, m.holder.name, m.patent.application_number if m.patent else "",
             m.get_status_display(),
             timezone.localtime(event.slot_start(m.slot)).strftime("%Y-%m-%d %H:%M") if m.slot is not None else "",
             m.table or "", m.get_outcome_display(), str(m.deal) if m.deal else "",
             m.deal.amount if m.deal else ""]
            for m in event.meetings.select_related("enterprise", "holder", "patent", "deal")]
    return [header, *rows]


# KPI ------------------------------------------------------------------------------------------------------------
def held_events(city: str | None, year: int | None, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Events that took place: closed, or published and already over; of a city and a year when given."""
    now = now or timezone.now()
    events = Event.objects.filter(Q(status=EventStatus.CLOSED) | Q(status=EventStatus.PUBLISHED, ends_at__lt=now))
    if city:
        events = events.filter(city_id=city)
    if year:
        events = events.filter(starts_at__year=year)
    return events.select_related("organiser", "city").order_by("-starts_at", "pk")


def _per_event(queryset: QuerySet, aggregate: Any) -> Subquery:
    """One figure of each event's related rows, as a subquery (joins side by side would multiply each other)."""
    return Subquery(queryset.filter(event=OuterRef("pk")).order_by().values("event").annotate(v=aggregate)
                    .values("v"))


def kpi_rows(city: str | None, year: int | None, limit: int = 5000) -> list[dict[str, Any]]:
    """One row per event held: registrations, meetings held, deals started and their amounts (one query)."""
    held = Meeting.objects.exclude(outcome="")
    events = held_events(city, year).annotate(
        registered=Coalesce(_per_event(Registration.objects.filter(status=RegistrationStatus.REGISTERED),
                                       Count("pk")), 0),
        meetings_held=Coalesce(_per_event(held, Count("pk")), 0),
        deals_started=Coalesce(_per_event(held.filter(deal__isnull=False), Count("pk")), 0),
        deals_amount=Coalesce(_per_event(held.filter(deal__isnull=False), Sum("deal__amount")),
                              Value(Decimal("0")), output_field=DecimalField(max_digits=16, decimal_places=2)))
    return [{"held_on": timezone.localtime(event.starts_at).date(), "city": event.city.name if event.city else "",
             "organiser": event.organiser.name, "kind": event.get_kind_display(), "title": event.title,
             "registered": event.registered, "meetings_held": event.meetings_held,
             "deals_started": event.deals_started, "deals_amount": event.deals_amount}
            for event in events[:limit]]

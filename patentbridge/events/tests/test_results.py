"""Results for the organiser and the regulator (counts, outcomes, deals and their Decimal amounts, CSV), and the rows
the KPI drill-down lists by city and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.deals.tests.factories import DealFactory
from patentbridge.events import selectors, services
from patentbridge.events.models import Event, EventStatus
from patentbridge.events.tests.factories import EventFactory, accepted_meeting, world
from patentbridge.kpi.records import FIGURES, Query
from patentbridge.orgs.models import City
from patentbridge.patents.tests.factories import PatentFactory


def _held_with_outcomes():
    w = world(city=City.objects.get(pk="440100"))
    first, second = accepted_meeting(w), accepted_meeting(w, patent=PatentFactory(owner=w.uni))
    services.schedule_auto(actor=w.organiser, event=w.event)
    past = timezone.now() - dt.timedelta(days=3)
    Event.objects.filter(pk=w.event.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=3),
                                               registration_deadline=past)
    deal = DealFactory(patent=w.patent, owner=w.uni, counterparty=w.firm, amount=Decimal("250000.50"))
    services.meeting_outcome(actor=w.organiser, meeting=first, outcome="deal_started", deal=deal)
    services.meeting_outcome(actor=w.uni_office, meeting=second, outcome="follow_up")
    services.event_close(actor=w.organiser, event=w.event)
    return w, past


@pytest.mark.django_db
def test_results_count_meetings_held_and_the_deals_started_with_their_amounts():
    w, _ = _held_with_outcomes()
    found = selectors.results(w.event)
    assert (found.registered, found.requested, found.scheduled, found.held) == (2, 2, 2, 2)
    assert found.deals_amount == Decimal("250000.50") and len(found.deals) == 1
    assert sorted(found.outcomes.values()) == [0, 1, 1]


@pytest.mark.django_db
def test_the_export_has_one_row_per_meeting():
    w, _ = _held_with_outcomes()
    rows = selectors.export_rows(w.event)
    assert len(rows) == 3 and rows[1][0] == w.firm.name and Decimal("250000.50") in rows[1] + rows[2]


@pytest.mark.django_db
def test_the_kpi_drill_down_lists_events_held_in_the_city_and_year():
    w, past = _held_with_outcomes()
    EventFactory(city=City.objects.get(pk="440300"), status=EventStatus.CLOSED)  # another city
    EventFactory(city=w.event.city)  # published, not yet held
    found = FIGURES["events"](Query(city="440100", year=past.year, today=timezone.localdate()))
    assert [(r["title"], r["meetings_held"], r["deals_started"], r["deals_amount"]) for r in found.rows] == [
        (w.event.title, 2, 1, Decimal("250000.50"))]
    assert FIGURES["events"](Query(city="440100", year=past.year - 1, today=timezone.localdate())).rows == []

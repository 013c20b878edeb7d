"""One-to-one meetings: asked for between registered parties, answered by the holder, scheduled greedily without an
organisation in two meetings of a slot or a table taken twice, moved with clashes refused, and their outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.events import services
from patentbridge.events.models import Event, Meeting, MeetingSeat, MeetingStatus
from patentbridge.events.tests.factories import accepted_meeting, register_org, world
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory


@pytest.mark.django_db
def test_a_meeting_request_tells_the_holder_and_its_answer_tells_the_enterprise():
    w = world()
    meeting = services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni,
                                       patent=w.patent)
    assert Notice.objects.filter(recipient=w.uni_office, params__variant="event_meeting_requested_patent").exists()
    services.meeting_accept(actor=w.uni_office, meeting=meeting)
    assert Notice.objects.filter(recipient=w.firm_user, params__variant="event_meeting_answered").exists()


@pytest.mark.django_db
def test_only_the_holder_answers_a_request():
    w = world()
    meeting = services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni)
    with pytest.raises(PermissionDenied):
        services.meeting_accept(actor=w.firm_user, meeting=meeting)
    services.meeting_decline(actor=w.uni_office, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DECLINED


@pytest.mark.django_db
def test_both_organisations_must_be_registered():
    w = world()
    outsider = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    with pytest.raises(Conflict) as refused:
        services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=outsider)
    assert refused.value.code == "not_registered"


@pytest.mark.django_db
def test_the_patent_asked_about_is_the_holders():
    w = world()
    with pytest.raises(ValidationFailed):
        services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni,
                                 patent=PatentFactory())


@pytest.mark.django_db
def test_the_same_meeting_is_not_asked_for_twice():
    w = world()
    services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni, patent=w.patent)
    with pytest.raises(Conflict) as refused:
        services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni, patent=w.patent)
    assert refused.value.code == "meeting_exists"


@pytest.mark.django_db
def test_the_scheduler_never_puts_an_organisation_in_two_meetings_of_one_slot():
    w = world(tables=3, slots=3)
    second_patent = PatentFactory(owner=w.uni)
    other_firm = register_org(w.event)
    meetings = [accepted_meeting(w), accepted_meeting(w, patent=second_patent), accepted_meeting(w, other_firm)]
    unplaced = services.schedule_auto(actor=w.organiser, event=w.event)
    placed = {m.pk: (m.slot, m.table) for m in Meeting.objects.all()}
    assert unplaced == []
    # The university is in all three: one slot each; the first asked for comes first, at table 1.
    assert sorted(slot for slot, _ in placed.values()) == [0, 1, 2]
    assert placed[meetings[0].pk] == (0, 1)


@pytest.mark.django_db
def test_the_scheduler_uses_the_next_table_for_organisations_free_in_the_slot():
    w = world(tables=2, slots=1)
    firm2, uni2 = register_org(w.event), register_org(w.event, OrgKind.UNIVERSITY, "holder")
    first = accepted_meeting(w)
    second = accepted_meeting(w, firm2, uni2, patent=PatentFactory(owner=uni2))
    services.schedule_auto(actor=w.organiser, event=w.event)
    assert [(m.slot, m.table) for m in Meeting.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")] == [
        (0, 1), (0, 2)]


@pytest.mark.django_db
def test_meetings_that_fit_nowhere_are_returned_unplaced():
    w = world(tables=1, slots=1)
    firm2 = register_org(w.event)
    accepted_meeting(w)
    late = accepted_meeting(w, firm2)
    unplaced = services.schedule_auto(actor=w.organiser, event=w.event)
    assert [m.pk for m in unplaced] == [late.pk]
    assert Meeting.objects.get(pk=late.pk).slot is None


@pytest.mark.django_db
def test_scheduling_tells_both_parties_the_time():
    w = world()
    accepted_meeting(w)
    services.schedule_auto(actor=w.organiser, event=w.event)
    assert Notice.objects.filter(recipient__in=[w.firm_user, w.uni_office],
                                 params__variant="event_meeting_scheduled").count() == 2


@pytest.mark.django_db
def test_a_move_onto_a_taken_table_is_refused():
    w = world(tables=2, slots=2)
    firm2, uni2 = register_org(w.event), register_org(w.event, OrgKind.UNIVERSITY, "holder")
    first = accepted_meeting(w)
    second = accepted_meeting(w, firm2, uni2, patent=PatentFactory(owner=uni2))
    services.meeting_move(actor=w.organiser, meeting=first, slot=0, table=1)
    with pytest.raises(Conflict) as refused:
        services.meeting_move(actor=w.organiser, meeting=second, slot=0, table=1)
    assert refused.value.code == "schedule_clash"
    assert Meeting.objects.get(pk=second.pk).slot is None


@pytest.mark.django_db
def test_a_move_that_puts_an_organisation_in_two_meetings_at_once_is_refused():
    w = world(tables=2, slots=2)
    first, second = accepted_meeting(w), accepted_meeting(w, patent=PatentFactory(owner=w.uni))
    services.meeting_move(actor=w.organiser, meeting=first, slot=1, table=1)
    with pytest.raises(Conflict):
        services.meeting_move(actor=w.organiser, meeting=second, slot=1, table=2)
    moved = services.meeting_move(actor=w.organiser, meeting=second, slot=0, table=2)
    assert (moved.slot, moved.table) == (0, 2)


@pytest.mark.django_db
def test_the_database_refuses_an_organisation_seated_twice_in_a_slot():
    w = world()
    meeting = accepted_meeting(w)
    MeetingSeat.objects.create(meeting=meeting, event=w.event, slot=0, organisation=w.uni)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(meeting=meeting, event=w.event, slot=0, organisation=w.uni)


@pytest.mark.django_db
def test_only_an_accepted_meeting_is_scheduled():
    w = world()
    meeting = services.meeting_request(actor=w.firm_user, event=w.event, enterprise=w.firm, holder=w.uni)
    with pytest.raises(Conflict):
        services.meeting_move(actor=w.organiser, meeting=meeting, slot=0, table=1)


@pytest.mark.django_db
def test_an_enterprise_cannot_schedule():
    w = world()
    meeting = accepted_meeting(w)
    with pytest.raises(PermissionDenied):
        services.meeting_move(actor=w.firm_user, meeting=meeting, slot=0, table=1)
    with pytest.raises(PermissionDenied):
        services.schedule_auto(actor=w.firm_user, event=w.event)


@pytest.mark.django_db
def test_withdrawing_frees_the_slot():
    w = world()
    meeting = services.meeting_move(actor=w.organiser, meeting=accepted_meeting(w), slot=0, table=1)
    services.meeting_withdraw(actor=w.firm_user, meeting=meeting)
    assert (Meeting.objects.get(pk=meeting.pk).slot, MeetingSeat.objects.count()) == (None, 0)


def _held(w, meeting):
    meeting = services.meeting_move(actor=w.organiser, meeting=meeting, slot=0, table=1)
    Event.objects.filter(pk=w.event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    return meeting


@pytest.mark.django_db
def test_an_outcome_links_a_deal_of_the_two_organisations():
    w = world()
    meeting = _held(w, accepted_meeting(w))
    deal = DealFactory(patent=w.patent, owner=w.uni, counterparty=w.firm, amount=Decimal("120000.00"))
    done = services.meeting_outcome(actor=w.firm_user, meeting=meeting, outcome="deal_started", deal=deal)
    assert (done.outcome, done.deal) == ("deal_started", deal)


@pytest.mark.django_db
def test_a_deal_of_other_organisations_is_refused():
    w = world()
    meeting = _held(w, accepted_meeting(w))
    with pytest.raises(ValidationFailed):
        services.meeting_outcome(actor=w.firm_user, meeting=meeting, outcome="deal_started",
                                 deal=DealFactory(patent=w.patent, owner=w.uni))


@pytest.mark.django_db
def test_deal_started_needs_its_deal_and_other_outcomes_none():
    w = world()
    meeting = _held(w, accepted_meeting(w))
    with pytest.raises(ValidationFailed):
        services.meeting_outcome(actor=w.firm_user, meeting=meeting, outcome="deal_started")
    with pytest.raises(ValidationFailed):
        services.meeting_outcome(actor=w.firm_user, meeting=meeting, outcome="follow_up",
                                 deal=DealFactory(patent=w.patent, owner=w.uni, counterparty=w.firm))


@pytest.mark.django_db
def test_no_outcome_before_the_event_begins():
    w = world()
    meeting = services.meeting_move(actor=w.organiser, meeting=accepted_meeting(w), slot=0, table=1)
    with pytest.raises(Conflict) as refused:
        services.meeting_outcome(actor=w.firm_user, meeting=meeting, outcome="no_interest")
    assert refused.value.code == "event_not_begun"


@pytest.mark.django_db
def test_an_enterprise_cannot_record_the_outcome_of_others_meetings():
    w = world()
    meeting = _held(w, accepted_meeting(w))
    other = register_org(w.event)
    with pytest.raises(PermissionDenied):
        services.meeting_outcome(actor=member_of(other, Role.ENTERPRISE_USER), meeting=meeting,
                                 outcome="no_interest")

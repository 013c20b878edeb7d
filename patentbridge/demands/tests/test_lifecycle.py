"""The demand and match lifecycles: every allowed step is taken and kept with its actor, every other step is refused
with a Conflict, and each step is taken only by whom the permission module allows."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.db import connection, connections, transaction

from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.demands import services
from patentbridge.demands.models import Demand, DemandStatus, DemandTransition, Match, MatchStatus, MatchTransition
from patentbridge.demands.services import MATCH_STEPS, NEW, STEPS
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.permissions import Action
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    return SimpleNamespace(
        firm=firm, enterprise=member_of(firm, Role.ENTERPRISE_USER), office=member_of(university),
        rival=member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ENTERPRISE_USER),
        patent=PatentFactory(owner=university))


def demand_at(world, status: str) -> Demand:
    return Demand.objects.create(organisation=world.firm, created_by=world.enterprise, title="压缩机降噪",
                                 problem="振动大", status=status)


def match_at(world, status: str, demand_status: str = DemandStatus.PUBLISHED) -> Demand:
    """A demand whose match with the patent is at the status (none for NEW)."""
    demand = demand_at(world, demand_status)
    if status != NEW:
        Match.objects.create(demand=demand, patent=world.patent, status=status)
    return demand


def take(world, demand: Demand, to: str, actor=None) -> Match:
    """The match step to `to` through its service, by the party the table names unless an actor is given."""
    sender = actor or (world.office if to == MatchStatus.SENT else world.enterprise)
    common = {"actor": sender, "demand": demand, "patent": world.patent}
    if to == MatchStatus.SENT:
        return services.match_send(**common, note="可提供样机")
    if to == MatchStatus.SHORTLISTED:
        return services.match_shortlist(**common)
    interested = to == MatchStatus.INTERESTED
    return services.match_answer(**common, interested=interested, reason="" if interested else "需要低成本方案")


# ------------------------------------------------------------------ demands

@pytest.mark.parametrize("start, target", list(STEPS))
def test_every_allowed_demand_step_is_taken_and_kept_with_its_actor(world, start, target):
    demand = demand_at(world, start)
    services.demand_transition(actor=world.enterprise, demand=demand, to=target, comment="因为")
    demand.refresh_from_db()
    step = DemandTransition.objects.get(demand=demand)
    assert demand.status == target
    assert (step.from_status, step.to_status, step.actor, step.comment) == (start, target, world.enterprise, "因为")


@pytest.mark.parametrize("start, target", [(s, t) for s in DemandStatus.values for t in DemandStatus.values
                                           if (s, t) not in STEPS])
def test_every_other_demand_step_is_refused_with_a_conflict(world, start, target):
    demand = demand_at(world, start)
    with pytest.raises(Conflict) as refused:
        services.demand_transition(actor=world.enterprise, demand=demand, to=target)
    assert refused.value.code == "invalid_transition"
    assert Demand.objects.get(pk=demand.pk).status == start and not DemandTransition.objects.exists()


def test_an_unknown_demand_status_is_refused_with_a_conflict(world):
    with pytest.raises(Conflict):
        services.demand_transition(actor=world.enterprise, demand=demand_at(world, DemandStatus.DRAFT), to="archived")


def test_another_enterprise_cannot_move_a_demand(world):
    demand = demand_at(world, DemandStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.demand_transition(actor=world.rival, demand=demand, to=DemandStatus.CLOSED)
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.PUBLISHED and not DemandTransition.objects.exists()


def test_a_demand_step_reads_the_status_in_the_database_not_a_stale_copy(world):
    demand = demand_at(world, DemandStatus.PUBLISHED)
    stale = Demand.objects.get(pk=demand.pk)
    services.demand_transition(actor=world.enterprise, demand=demand, to=DemandStatus.CLOSED)
    with pytest.raises(Conflict):
        services.demand_transition(actor=world.enterprise, demand=stale, to=DemandStatus.MATCHED)


def test_the_steps_offered_are_those_the_user_may_take(world):
    demand = demand_at(world, DemandStatus.PUBLISHED)
    assert services.demand_steps(world.enterprise, demand) == [DemandStatus.CLOSED, DemandStatus.MATCHED]
    assert services.demand_steps(world.rival, demand) == []


# ------------------------------------------------------------------ matches

@pytest.mark.parametrize("start, target", list(MATCH_STEPS))
def test_every_allowed_match_step_is_taken_and_kept_with_its_actor(world, start, target):
    demand = match_at(world, start)
    match = take(world, demand, target)
    step = MatchTransition.objects.get(match=match)
    assert Match.objects.get(pk=match.pk).status == target
    assert (step.from_status, step.to_status) == (start, target)
    assert step.actor == (world.office if MATCH_STEPS[(start, target)] == Action.MATCH_SEND else world.enterprise)


@pytest.mark.parametrize("start, target", [(s, t) for s in [NEW, *MatchStatus.values] for t in MatchStatus.values
                                           if (s, t) not in MATCH_STEPS])
def test_every_other_match_step_is_refused_with_a_conflict(world, start, target):
    demand = match_at(world, start)
    with pytest.raises(Conflict) as refused:
        take(world, demand, target)
    assert refused.value.code == "invalid_transition"
    assert Match.objects.get().status == start and not MatchTransition.objects.exists()


@pytest.mark.parametrize("target", [MatchStatus.SHORTLISTED, MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT])
def test_only_the_enterprise_answers_for_its_demand(world, target):
    demand = match_at(world, MatchStatus.SENT)
    with pytest.raises(PermissionDenied):
        take(world, demand, target, actor=world.office)
    assert Match.objects.get().status == MatchStatus.SENT and not MatchTransition.objects.exists()


def test_the_enterprise_cannot_send_a_patent_to_itself(world):
    with pytest.raises(PermissionDenied):
        take(world, match_at(world, NEW), MatchStatus.SENT, actor=world.enterprise)
    assert not Match.objects.exists()


@pytest.mark.parametrize("target", MatchStatus.values)
def test_a_closed_demand_takes_no_match_step(world, target):
    demand = match_at(world, NEW, demand_status=DemandStatus.CLOSED)
    with pytest.raises(Conflict) as refused:
        take(world, demand, target)
    assert refused.value.code == "demand_closed" and not Match.objects.exists()


def test_an_interesting_patent_leaves_the_demand_published(world):
    demand = match_at(world, MatchStatus.SENT)
    take(world, demand, MatchStatus.INTERESTED)
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.PUBLISHED
    assert not DemandTransition.objects.filter(demand=demand).exists()


def test_the_match_history_keeps_each_note_and_reason(world):
    demand = match_at(world, NEW)
    for target in (MatchStatus.SENT, MatchStatus.NOT_RELEVANT, MatchStatus.INTERESTED):
        take(world, demand, target)
    steps = list(MatchTransition.objects.values_list("from_status", "to_status", "comment"))
    assert steps == [(NEW, MatchStatus.SENT, "可提供样机"),
                     (MatchStatus.SENT, MatchStatus.NOT_RELEVANT, "需要低成本方案"),
                     (MatchStatus.NOT_RELEVANT, MatchStatus.INTERESTED, "")]
    assert Match.objects.get().reason == ""


def test_the_answers_offered_follow_the_table(world):
    demand = match_at(world, MatchStatus.INTERESTED)
    other = PatentFactory()
    answers = {m.patent_id: m for m in demand.matches.all()}
    choices = services.answer_choices(world.enterprise, demand, [world.patent.pk, other.pk], answers)
    assert choices == {world.patent.pk: [MatchStatus.NOT_RELEVANT],
                       other.pk: [MatchStatus.SHORTLISTED, MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT]}
    assert services.answer_choices(world.office, demand, [other.pk], answers) == {}


# ------------------------------------------------------------------ two requests at once

def _at_once(step) -> list[Exception]:
    """Run the step in two threads released together; the errors they raised."""
    barrier, errors = threading.Barrier(2), []

    def run() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                step()
        except Exception as error:  # noqa: BLE001 - the test reads which errors came back
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_first_answers_at_once_make_one_match_step(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    demand = match_at(world, NEW)
    errors = _at_once(lambda: take(world, Demand.objects.get(pk=demand.pk), MatchStatus.INTERESTED))
    assert [type(e) for e in errors] == [Conflict]
    assert MatchTransition.objects.count() == 1 and not DemandTransition.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_closings_at_once_close_the_demand_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    demand = demand_at(world, DemandStatus.PUBLISHED)
    errors = _at_once(lambda: services.demand_transition(actor=world.enterprise, demand=Demand.objects.get(
        pk=demand.pk), to=DemandStatus.CLOSED))
    assert [type(e) for e in errors] == [Conflict] and DemandTransition.objects.count() == 1

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services
from patentbridge.pool.models import PoolState, PoolTransition
from patentbridge.pool.tests.factories import PoolEntryFactory

STATES = list(PoolState.values)


@pytest.fixture
def office(make_member):
    return make_member(Role.TECH_TRANSFER_MANAGER)


@pytest.fixture
def entry(office):
    user, org = office
    return PoolEntryFactory(patent=PatentFactory(owner=org), organisation=org)


def _inventor(org):
    user = UserFactory()
    MembershipFactory(user=user, organisation=org, role=Role.INVENTOR)
    return user


def _actor_for(step_by, entry, office_user):
    if step_by == services.INVENTOR:
        inventor = _inventor(entry.organisation)
        entry.inventor = inventor
        entry.save()
        return inventor
    return office_user


@pytest.mark.parametrize("frm,to", [(a, b) for a in STATES for b in STATES if a != b])
def test_every_step_is_allowed_or_refused_by_the_table(frm, to, entry, office):
    entry.state = frm
    entry.save()
    who = services.TRANSITIONS.get((frm, to))
    actor = _actor_for(who, entry, office[0])
    if who in (services.OFFICE, services.INVENTOR):
        services._transition(entry, to, actor=actor)
        assert entry.state == to
        assert PoolTransition.objects.filter(entry=entry, from_state=frm, to_state=to, actor=actor).exists()
    else:
        with pytest.raises((Conflict, PermissionDenied)):
            services._transition(entry, to, actor=actor)


def test_another_institutions_office_cannot_move_an_entry(entry, make_member):
    stranger, _ = make_member(Role.TECH_TRANSFER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.entry_move(actor=stranger, entry=entry, to=PoolState.OFFICE_REVIEWED)


def test_only_the_assigned_inventor_self_assesses(entry, office):
    services.self_assessment_request(actor=office[0], entry=entry, inventor=_inventor(entry.organisation))
    other_inventor = _inventor(entry.organisation)
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(actor=other_inventor, entry=entry, market_prospects=4, maturity=3,
                                        willingness=5)


def test_an_inventor_of_another_institution_cannot_be_asked(entry, office, make_member):
    outsider, _ = make_member(Role.INVENTOR)
    with pytest.raises(ValidationFailed):
        services.self_assessment_request(actor=office[0], entry=entry, inventor=outsider)


def test_self_assessment_ratings_must_be_one_to_five(entry, office):
    inventor = _inventor(entry.organisation)
    services.self_assessment_request(actor=office[0], entry=entry, inventor=inventor)
    with pytest.raises(ValidationFailed) as error:
        services.self_assessment_submit(actor=inventor, entry=entry, market_prospects=6, maturity=3, willingness=0)
    assert set(error.value.details) == {"market_prospects", "willingness"}


def test_excluding_needs_a_reason(entry, office):
    with pytest.raises(ValidationFailed):
        services.entry_move(actor=office[0], entry=entry, to=PoolState.EXCLUDED, comment=" ")


def test_the_whole_path_into_the_pool(entry, office, django_capture_on_commit_callbacks):
    user = office[0]
    inventor = _inventor(entry.organisation)
    services.self_assessment_request(actor=user, entry=entry, inventor=inventor, note="请自评")
    services.self_assessment_submit(actor=inventor, entry=entry, market_prospects=4, maturity=4, willingness=5)
    services.office_review(actor=user, entry=entry, comment="市场前景好", trl=6)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.entry_move(actor=user, entry=entry, to=PoolState.POOLED)
    entry.refresh_from_db()
    assert (entry.state, entry.approved_by, entry.trl, entry.self_willingness) == (PoolState.POOLED, user, 6, 5)
    assert entry.pooled_at is not None
    assert len(callbacks) == 2  # the inventor's notice e-mail, and the push of the newly pooled patent

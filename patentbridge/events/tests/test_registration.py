"""Registration: capacity kept under the event's lock, a waiting list or a refusal with its reason, cancellation
promoting the first waiting; only own patents brought."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.events import services
from patentbridge.events.models import EventStatus, Registration, RegistrationStatus
from patentbridge.events.tests.factories import EventFactory, register_org
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

R = RegistrationStatus


@pytest.mark.django_db
def test_registrations_beyond_capacity_wait():
    event = EventFactory(capacity=1)
    first, second = register_org(event), register_org(event)
    statuses = dict(Registration.objects.values_list("organisation_id", "status"))
    assert statuses == {first.pk: R.REGISTERED, second.pk: R.WAITING}


@pytest.mark.django_db
def test_without_a_waiting_list_a_full_event_refuses_with_the_reason():
    event = EventFactory(capacity=1, waiting_list=False)
    register_org(event)
    with pytest.raises(Conflict) as refused:
        register_org(event)
    assert refused.value.code == "event_full" and refused.value.details == {"capacity": 1}
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told():
    event = EventFactory(capacity=1)
    first = register_org(event)
    second = register_org(event)
    waiting_user = member_of(second, Role.SIGNATORY)
    registration = Registration.objects.get(organisation=first)
    services.registration_cancel(actor=member_of(first, Role.ENTERPRISE_USER), registration=registration)
    assert Registration.objects.get(organisation=second).status == R.REGISTERED
    assert Notice.objects.filter(recipient=waiting_user, params__variant="event_place_free").exists()


@pytest.mark.django_db
def test_an_organisation_registers_once():
    event = EventFactory()
    firm = register_org(event)
    with pytest.raises(Conflict) as refused:
        services.register(actor=member_of(firm, Role.ENTERPRISE_USER), event=event, organisation=firm,
                          side="enterprise")
    assert refused.value.code == "already_registered"


@pytest.mark.django_db
def test_after_cancelling_an_organisation_may_register_again():
    event = EventFactory()
    firm = register_org(event)
    user = member_of(firm, Role.ENTERPRISE_USER)
    services.registration_cancel(actor=user, registration=Registration.objects.get(organisation=firm))
    again = services.register(actor=user, event=event, organisation=firm, side="enterprise")
    assert again.status == R.REGISTERED


@pytest.mark.django_db
def test_registration_closes_at_its_deadline():
    start = timezone.now() + dt.timedelta(hours=5)
    event = EventFactory(starts_at=start, registration_deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Conflict) as refused:
        register_org(event)
    assert refused.value.code == "registration_closed"


@pytest.mark.django_db
def test_a_draft_event_takes_no_registration():
    with pytest.raises(Conflict) as refused:
        register_org(EventFactory(status=EventStatus.DRAFT))
    assert refused.value.code == "event_not_open"


@pytest.mark.django_db
def test_a_holder_brings_only_its_own_patents():
    event = EventFactory()
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    someone_elses = PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY))
    with pytest.raises(ValidationFailed):
        services.register(actor=member_of(uni), event=event, organisation=uni, side="holder",
                          patents=[someone_elses])
    own = PatentFactory(owner=uni)
    registration = services.register(actor=member_of(uni), event=event, organisation=uni, side="holder",
                                     patents=[own])
    assert list(registration.patents.all()) == [own]


@pytest.mark.django_db
def test_one_registers_only_for_an_organisation_one_proposes_for():
    event = EventFactory()
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.register(actor=member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.SIGNATORY),
                          event=event, organisation=firm, side="enterprise")
    with pytest.raises(PermissionDenied):  # an administrator reads but does not act for it
        services.register(actor=member_of(firm, Role.ORG_ADMIN), event=event, organisation=firm, side="enterprise")


@pytest.mark.django_db
def test_the_organiser_does_not_register_for_its_own_event():
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    event = EventFactory(organiser=bank)
    with pytest.raises(Conflict):
        services.register(actor=member_of(bank, Role.BANK_OFFICER), event=event, organisation=bank, side="holder")


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_never_pass_the_capacity():
    """The capacity check runs under the event's row lock: on PostgreSQL the second waits for the first."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, transaction

    event = EventFactory(capacity=1, waiting_list=False)
    firms = [OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(2)]
    users = [member_of(firm, Role.ENTERPRISE_USER) for firm in firms]

    def attempt(i: int) -> str:
        try:
            with transaction.atomic():
                services.register(actor=users[i], event=event, organisation=firms[i], side="enterprise")
            return "ok"
        except Conflict as exc:
            return exc.code
        except Exception as exc:  # SQLite serialises writers: the loser may see "database is locked"
            return type(exc).__name__
        finally:
            connection.close()

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises the whole database")
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(attempt, range(2)))
    assert outcomes == ["event_full", "ok"]
    assert Registration.objects.filter(status=R.REGISTERED).count() == 1

"""The wrong user for each act is refused (and the refusal is recorded by the permission module)."""

from __future__ import annotations

import datetime as dt

import pytest

from patentbridge.commissioners import services
from patentbridge.commissioners.models import Designation, RequestStatus, ServiceRequest
from patentbridge.commissioners.tests.factories import (
    SHENZHEN,
    assign,
    designated,
    enterprise,
    regulator_of,
    service_request,
)
from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of, signer_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def _broker():
    return member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)


def test_a_city_bureau_designates_for_its_own_city():
    designation = services.designation_create(actor=regulator_of(), commissioner=_broker(),
                                              city=City.objects.get(pk="440100"), starts_on=TODAY, ends_on=None)
    assert designation.organisation.kind == OrgKind.AGENCY


def test_the_provincial_regulator_designates_for_any_city():
    designation = services.designation_create(actor=regulator_of(None), commissioner=_broker(),
                                              city=City.objects.get(pk=SHENZHEN), starts_on=TODAY, ends_on=None)
    assert designation.city_id == SHENZHEN


def test_an_enterprise_cannot_designate():
    firm = enterprise()
    with pytest.raises(PermissionDenied):
        services.designation_create(actor=signer_of(firm), commissioner=_broker(),
                                    city=City.objects.get(pk="440100"), starts_on=TODAY, ends_on=None)


def test_another_citys_bureau_cannot_designate_for_a_city_not_its_own():
    with pytest.raises(PermissionDenied):
        services.designation_create(actor=regulator_of(SHENZHEN), commissioner=_broker(),
                                    city=City.objects.get(pk="440100"), starts_on=TODAY, ends_on=None)


def test_another_citys_bureau_cannot_revoke():
    with pytest.raises(PermissionDenied):
        services.designation_revoke(actor=regulator_of(SHENZHEN), designation=designated(), reason="考核不合格")


def test_revoking_ends_the_assignments():
    designation = designated()
    assignment = assign(designation, enterprise())
    services.designation_revoke(actor=regulator_of(), designation=designation, reason="考核不合格")
    assignment.refresh_from_db()
    assert assignment.ended_at is not None


def test_only_an_enterprise_can_be_assigned():
    with pytest.raises(ValidationFailed):
        services.assignment_create(actor=regulator_of(), designation=designated(), enterprise=OrganisationFactory())


def test_a_person_without_an_organisation_cannot_be_designated():
    with pytest.raises(ValidationFailed):
        services.designation_create(actor=regulator_of(), commissioner=UserFactory(),
                                    city=City.objects.get(pk="440100"), starts_on=TODAY, ends_on=None)


def test_a_commissioner_cannot_accept_a_request_not_theirs():
    other = designated()
    service = service_request(designation=designated())
    with pytest.raises(PermissionDenied):
        services.service_request_accept(actor=other.commissioner, service=service)


def test_a_commissioner_of_another_city_cannot_take_from_the_pool():
    service = service_request(designation=None)
    with pytest.raises(PermissionDenied):
        services.service_request_accept(actor=designated(SHENZHEN).commissioner, service=service)


def test_a_revoked_commissioner_cannot_act_on_their_request():
    designation = designated()
    service = service_request(designation=designation, status=RequestStatus.ACCEPTED)
    Designation.objects.filter(pk=designation.pk).update(revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                                         revoke_reason="调离")
    with pytest.raises(PermissionDenied):
        services.visit_record(actor=designation.commissioner, service=ServiceRequest.objects.get(pk=service.pk), visited_on=TODAY, people="张经理")


def test_another_enterprise_cannot_withdraw_the_request():
    service = service_request(designation=designated())
    with pytest.raises(PermissionDenied):
        services.service_request_withdraw(actor=member_of(enterprise(), Role.ENTERPRISE_USER), service=service)


def test_a_broker_cannot_open_a_request():
    firm = enterprise()
    with pytest.raises(PermissionDenied):
        services.service_request_open(actor=_broker(), enterprise=firm, need="技术需求", deadline=None)


def test_an_assigned_enterprises_request_goes_to_its_commissioner():
    firm = enterprise()
    designation = assign(designated(), firm).designation
    service = services.service_request_open(actor=member_of(firm, Role.ENTERPRISE_USER), enterprise=firm,
                                            need="技术需求", deadline=None)
    assert service.designation == designation


def test_an_unassigned_enterprises_request_goes_to_the_citys_pool():
    firm = enterprise()
    pool = {designated().commissioner.pk, designated().commissioner.pk}
    designated(SHENZHEN)
    service = services.service_request_open(actor=member_of(firm, Role.ENTERPRISE_USER), enterprise=firm,
                                            need="技术需求", deadline=None)
    assert service.designation is None and service.server_user_ids() == pool

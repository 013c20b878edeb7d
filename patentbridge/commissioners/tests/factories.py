"""Small builders for the commissioners app: a city's bureau and its regulator, a designated broker, an enterprise
and its people, a request in any status."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from patentbridge.commissioners.models import Assignment, Designation, RequestStatus, ServiceRequest
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

GUANGZHOU, SHENZHEN = "440100", "440300"


def regulator_of(city: str | None = GUANGZHOU):
    """A regulator of a city's bureau (None: of the provincial administration)."""
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR, city=City.objects.get(pk=city) if city else None)
    return member_of(bureau, Role.REGULATOR)


def enterprise(city: str = GUANGZHOU):
    return OrganisationFactory(kind=OrgKind.ENTERPRISE, city=City.objects.get(pk=city))


def designated(city: str = GUANGZHOU, **fields) -> Designation:
    """A broker of an agency, designated for the city since a year ago."""
    agency = OrganisationFactory(kind=OrgKind.AGENCY)
    broker = member_of(agency, Role.AGENCY_BROKER)
    values = {"starts_on": timezone.localdate() - dt.timedelta(days=365), **fields}
    return Designation.objects.create(commissioner=broker, organisation=agency, city_id=city, **values)


def assign(designation: Designation, firm) -> Assignment:
    return Assignment.objects.create(designation=designation, enterprise=firm)


def service_request(firm=None, designation: Designation | None = None, status: str = RequestStatus.OPEN,
                    **fields) -> ServiceRequest:
    firm = firm or enterprise()
    values = {"need": "寻找降噪技术", "accept_by": timezone.localdate() + dt.timedelta(days=3), **fields}
    return ServiceRequest.objects.create(enterprise=firm, city_id=firm.city_id, designation=designation,
                                         status=status, **values)

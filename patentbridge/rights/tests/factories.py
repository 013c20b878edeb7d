import datetime as dt

import factory

from patentbridge.orgs.models import OrgKind, Region
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.rights.models import Grant, GrantKind, GrantStatus


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


class GrantFactory(factory.django.DjangoModelFactory):
    """A grant written straight to the table (rights.services decides whether one may bind)."""

    class Meta:
        model = Grant

    class Params:
        region = "CN"

    kind = GrantKind.EXCLUSIVE_LICENCE
    patent = factory.SubFactory("patentbridge.patents.tests.factories.PatentFactory")
    grantor = factory.LazyAttribute(lambda g: g.patent.applicant_links.first().organisation)
    grantee = factory.LazyAttribute(lambda g: None if g.kind == GrantKind.OPEN_DECLARATION
                                    else OrganisationFactory(kind=OrgKind.ENTERPRISE))
    territory = factory.LazyAttribute(lambda g: _region(g.region))
    territory_lo = factory.LazyAttribute(lambda g: g.territory.lo)
    territory_hi = factory.LazyAttribute(lambda g: g.territory.hi)
    starts_on = dt.date(2027, 1, 1)
    ends_on = factory.LazyAttribute(lambda g: None if g.kind == GrantKind.OPEN_DECLARATION else dt.date(2029, 12, 31))
    signed_on = dt.date(2026, 11, 1)
    status = GrantStatus.BINDING

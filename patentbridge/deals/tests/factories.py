import datetime as dt

import factory

from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.orgs.models import OrgKind, Region
from patentbridge.orgs.tests.factories import OrganisationFactory


def _china():
    return Region.objects.get(code="CN")


class DealFactory(factory.django.DjangoModelFactory):
    """A deal written straight to the table, in any status (the services decide how one gets there)."""

    class Meta:
        model = Deal

    kind = DealKind.EXCLUSIVE_LICENCE
    patent = factory.SubFactory("patentbridge.patents.tests.factories.PatentFactory")
    owner = factory.LazyAttribute(lambda d: d.patent.applicant_links.first().organisation)
    counterparty = factory.SubFactory(OrganisationFactory, kind=OrgKind.ENTERPRISE)
    territory = factory.LazyFunction(_china)
    territory_lo = factory.LazyAttribute(lambda d: d.territory.lo)
    territory_hi = factory.LazyAttribute(lambda d: d.territory.hi)
    starts_on = dt.date(2027, 1, 1)
    ends_on = dt.date(2029, 12, 31)
    status = DealStatus.DRAFT

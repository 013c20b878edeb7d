import datetime as dt
from decimal import Decimal

import factory

from patentbridge.deals.models import DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.licensing.models import LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.typical_cases.models import Route, TypicalCase, TypicalCaseStatus


def converted_deal(owner=None, status: str = DealStatus.RECORDED, **fields):
    """A licence of the owner's patent, recorded (a completed conversion) unless another status is given."""
    owner = owner or OrganisationFactory()
    return DealFactory(patent=PatentFactory(owner=owner), status=status, amount=Decimal("800000.00"), **fields)


class OpenLicenceDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpenLicenceDeclaration

    organisation = factory.SubFactory(OrganisationFactory)
    patent = factory.LazyAttribute(lambda d: PatentFactory(owner=d.organisation))
    lump_sum = Decimal("50000.00")
    declared_on = dt.date(2025, 3, 1)


class OpenLicenceFactory(factory.django.DjangoModelFactory):
    """A licence taken under a declaration, paid and in force unless another status is given."""

    class Meta:
        model = OpenLicence

    declaration = factory.SubFactory(OpenLicenceDeclarationFactory)
    licensee = factory.SubFactory(OrganisationFactory, kind=OrgKind.ENTERPRISE)
    notice = "我司依开放许可声明实施该专利。"
    amount_due = Decimal("50000.00")
    status = LicenceStatus.ACTIVE
    starts_on = dt.date(2025, 5, 1)
    ends_on = dt.date(2028, 4, 30)


class TypicalCaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the table, in any status (the services decide how one gets there)."""

    class Meta:
        model = TypicalCase
        skip_postgeneration_save = True

    deal = factory.LazyFunction(converted_deal)
    organisation = factory.LazyAttribute(lambda c: c.deal.owner)
    counterparty = factory.LazyAttribute(lambda c: c.deal.counterparty)
    route = Route.LICENCE
    amount = Decimal("800000.00")
    title = factory.Sequence(lambda n: f"高校专利许可案例{n}")
    summary = "一项电池专利许可给本地企业，当年投产。"
    background = "背景"
    approach = "做法"
    outcome = "成效"
    lessons = "启示"
    status = TypicalCaseStatus.DRAFT

    @factory.post_generation
    def with_patents(self, create, extracted, **kwargs):
        if create and self.deal_id:
            self.patents.set([self.deal.patent])

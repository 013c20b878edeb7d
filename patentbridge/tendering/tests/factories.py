import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.tendering.models import AgencyRegistration, Bid, Tender


class AgencyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"广州测试知识产权代理有限公司{n}")
    kind = OrgKind.AGENCY


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyRegistration

    organisation = factory.SubFactory(AgencyFactory)
    licence_number = factory.Sequence(lambda n: f"44{n:03d}")
    registered_on = dt.date(2015, 6, 1)


def registered_agency(**kwargs):
    return RegistrationFactory(**kwargs).organisation


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"2027年度专利代理服务招标{n}")
    scope = "计算机学院发明专利申请约40件"
    period_start = dt.date(2027, 1, 1)
    period_end = dt.date(2027, 12, 31)
    bid_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    price_weight = 30
    quality_weight = 70


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    tender = factory.SubFactory(TenderFactory)
    agency = factory.LazyFunction(registered_agency)
    price = Decimal("100000.00")
    offer = "三名代理师，均为计算机领域。"

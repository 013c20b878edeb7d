"""Small factories for the rewards tests: products, yearly data and recognitions are made as rows directly (their
own apps' services are built elsewhere), policies and applications as the rewards app keeps them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from patentbridge.orgs.models import City, OrgKind, Role, SizeClass
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import Industry
from patentbridge.products.models import Product, ProductStatus, ProductYear
from patentbridge.recognition.models import Recognition, RecognitionStatus
from patentbridge.rewards.models import RewardBasis, SalesRewardPolicy

GUANGZHOU, SHENZHEN = "440100", "440300"
YEAR = 2025


def city(code: str = GUANGZHOU) -> City:
    return City.objects.get(pk=code)


def enterprise(code: str = GUANGZHOU, size: str = SizeClass.SMALL, **fields):
    return OrganisationFactory(kind=OrgKind.ENTERPRISE, city=city(code), size_class=size, **fields)


def regulator(code: str | None = GUANGZHOU):
    """A regulator member of a regulator organisation of the city (provincial when code is None)."""
    organisation = OrganisationFactory(kind=OrgKind.REGULATOR, city=city(code) if code else None)
    return member_of(organisation, Role.REGULATOR)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    filer = factory.LazyFunction(enterprise)
    name = factory.Sequence(lambda n: f"智能控制器{n}")
    category = "电子设备"
    industry = factory.LazyFunction(lambda: Industry.objects.filter(level="小类").order_by("code").first())
    launched_on = dt.date(2022, 3, 1)
    status = ProductStatus.FILED
    filing_number = factory.Sequence(lambda n: f"BA2024{n:06d}")
    filed_on = dt.date(2024, 5, 10)


class ProductYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductYear

    product = factory.SubFactory(ProductFactory)
    year = YEAR
    sales = Decimal("1000000.00")
    output = Decimal("1200000.00")
    patent_share = Decimal("40.00")
    submitted_at = factory.LazyFunction(timezone.now)


def recognised(product: Product, year: int = YEAR, status: str = RecognitionStatus.RECOGNISED) -> Recognition:
    data = ProductYear.objects.filter(product=product).order_by("-year").first() or ProductYearFactory(
        product=product, year=year)
    return Recognition.objects.create(product=product, year=year, data=data, status=status,
                                      applied_at=timezone.now(), recognised_on=dt.date(year, 6, 30))


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesRewardPolicy

    city = factory.LazyFunction(city)
    title = factory.Sequence(lambda n: f"专利产品销售奖励（测试配置{n}）")
    basis = RewardBasis.FILED
    first_year = 2024
    rate = Decimal("1.5")
    fixed_amount = Decimal("0")


def filed_product_with_sales(sales: str = "1000000.00", **product_fields) -> ProductYear:
    """A filed product of a Guangzhou enterprise with its sales of YEAR."""
    return ProductYearFactory(product=ProductFactory(**product_fields), sales=Decimal(sales))

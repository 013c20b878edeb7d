"""Products, their data and recognitions written straight to the tables (the products app's services are not
needed to test recognition)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import Industry, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import PatentBasis, Product, ProductPatent, ProductStatus, ProductYear
from patentbridge.recognition.models import Recognition, RecognitionStatus

YEAR = 2026  # the recognition year of the tests, judged on 2025 data


def industry(code: str = "3914") -> Industry:
    found, _created = Industry.objects.get_or_create(code=code, defaults={
        "level": "小类", "name": "测试设备制造", "parent": code[:3], "section": "C"})
    return found


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    filer = factory.SubFactory(OrganisationFactory, kind=OrgKind.ENTERPRISE,
                               name=factory.Sequence(lambda n: f"测试企业{n}有限公司"))
    name = factory.Sequence(lambda n: f"测试产品{n}")
    model = "X1"
    category = "电子设备"
    industry = factory.LazyFunction(industry)
    launched_on = dt.date(2022, 1, 1)
    status = ProductStatus.FILED
    filing_number = factory.Sequence(lambda n: f"BA2024{n:06d}")
    filed_on = dt.date(2024, 5, 1)


class ProductYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductYear

    product = factory.SubFactory(ProductFactory)
    year = YEAR - 1
    sales = Decimal("1000000.00")
    output = Decimal("1200000.00")
    exports = Decimal("100000.00")
    profit = Decimal("150000.00")
    ip_input = Decimal("50000.00")
    patent_share = Decimal("60.00")
    submitted_at = factory.LazyFunction(timezone.now)
    on_time = True


def link(product: Product, patent: Patent | None = None, **kwargs: Any) -> ProductPatent:
    """Link a patent (by default a new invention the filer owns) to the product."""
    patent = patent or PatentFactory(owner=product.filer)
    return ProductPatent.objects.create(product=product, patent=patent, basis=kwargs.pop("basis", PatentBasis.OWN),
                                        checked_on=dt.date(2025, 1, 10), **kwargs)


def eligible_product(year: int = YEAR, **kwargs: Any) -> Product:
    """A filed product with its previous year's data on time and one owned invention patent in force."""
    product = ProductFactory(**kwargs)
    ProductYearFactory(product=product, year=year - 1)
    link(product)
    return product


def applied(product: Product | None = None, year: int = YEAR, **kwargs: Any) -> Recognition:
    product = product or eligible_product(year)
    return Recognition.objects.create(product=product, year=year, data=product.years.get(year=year - 1),
                                      applied_at=timezone.now(), **kwargs)


def in_notice(notice_from: dt.date, notice_until: dt.date, **kwargs: Any) -> Recognition:
    return applied(status=RecognitionStatus.IN_NOTICE, notice_from=notice_from, notice_until=notice_until,
                   decided_at=timezone.now(), **kwargs)


def recognised(year: int = YEAR, product: Product | None = None, **kwargs: Any) -> Recognition:
    return applied(product=product or eligible_product(year), year=year, status=RecognitionStatus.RECOGNISED,
                   notice_from=dt.date(year, 5, 1), notice_until=dt.date(year, 5, 7),
                   recognised_on=dt.date(year, 5, 8), decided_at=timezone.now(), **kwargs)


def regulator():
    return member_of(OrganisationFactory(kind=OrgKind.REGULATOR, name="广东省知识产权局"), Role.REGULATOR)


def platform_admin():
    return member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN)


def filer_user(product: Product, role: str = Role.SIGNATORY):
    return member_of(product.filer, role)

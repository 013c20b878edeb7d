"""Small builders for the industry statistics' tests: regulators with or without a city, classified patents,
converted deals, filed products, entered rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.industries.models import PatentIndustry, Route
from patentbridge.monitoring.models import Account
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import PatentType
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import Product, ProductStatus, ProductYear

GUANGZHOU, SHENZHEN = "440100", "440300"


def regulator(city: str | None = GUANGZHOU):
    """A user of a city bureau (a regulator with a city), or of the provincial regulator (city None)."""
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR, city=City.objects.get(pk=city) if city else None)
    return member_of(bureau, Role.REGULATOR)


def enterprise_user():
    return member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id=GUANGZHOU), Role.ENTERPRISE_USER)


def patent_in(city: str = GUANGZHOU, *, links: dict[str, str] | None = None, route: str = Route.EMPIRICAL,
              **fields):
    """A patent of the city classified by `route` to {small class: weight}."""
    patent = PatentFactory(city_id=city, **fields)
    for industry, weight in (links or {}).items():
        PatentIndustry.objects.create(patent=patent, industry_id=industry, route=route, weight=Decimal(weight))
    return patent


def held_invention(city: str = GUANGZHOU, links: dict[str, str] | None = None, **fields):
    """An invention patent granted in 2022 and in force."""
    return patent_in(city, links=links, patent_type=PatentType.INVENTION, grant_date=dt.date(2022, 5, 1), **fields)


def converted(patent, on: dt.date = dt.date(2024, 6, 1)):
    """The patent's owner licensed it exclusively, recorded on the day."""
    owner = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id=patent.city_id)
    return DealFactory(patent=patent, owner=owner, kind=DealKind.EXCLUSIVE_LICENCE, status=DealStatus.RECORDED,
                       registered_on=on, starts_on=on, ends_on=on.replace(year=on.year + 3))


def filed_product(industry: str, city: str = GUANGZHOU, *, output: str | None = None, year: int = 2024,
                  status: str = ProductStatus.FILED, revoked_on: dt.date | None = None, number: str = "1") -> Product:
    filer = OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id=city)
    product = Product.objects.create(filer=filer, name=f"产品{number}", category="设备", industry_id=industry,
                                     launched_on=dt.date(2022, 1, 1), status=status,
                                     filing_number=f"BA-{city}-{industry}-{number}", filed_on=dt.date(2023, 3, 1),
                                     revoked_on=revoked_on)
    if output is not None:
        ProductYear.objects.create(product=product, year=year, sales=Decimal(output), output=Decimal(output),
                                   patent_share=Decimal("50"), submitted_at=dt.datetime(year + 1, 2, 1, tzinfo=dt.UTC))
    return product


def account(code: str, city: str = GUANGZHOU, year: int = 2024, *, employees: int | None = None,
            components: tuple[str, str, str, str] | None = None, industry: str | None = None) -> Account:
    """A row written straight to the table (the services' checks are tested on their own)."""
    values = dict(zip(("compensation", "net_taxes", "depreciation", "surplus"),
                      [Decimal(v) for v in components] if components else [None] * 4, strict=True))
    return Account.objects.create(category_id=code, industry_id=industry, city_id=city, year=year,
                                  employees=employees, source="测试统计年鉴 表1", **values)

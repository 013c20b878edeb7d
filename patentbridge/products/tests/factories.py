"""Small helpers for product-filing tests, also used by the recognition, rewards, monitoring and KPI tests.

`product_factory(filer=..., patents=[...], status="filed", year_data={2025: {...}})` writes a product straight to
the tables (no checks, no permission): for tests that need filed products as given. `filed_product(...)` goes
through the services instead (filing by the filer's user, filing by a clerk)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from patentbridge.orgs.models import Organisation, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import Industry, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products import services
from patentbridge.products.models import (
    PatentBasis,
    Product,
    ProductPatent,
    ProductStatus,
    ProductYear,
)

_numbers = itertools.count(1)
DEFAULT_INDUSTRY = "3670"  # 汽车零部件及配件制造
TODAY = dt.date(2026, 11, 26)


def year_figures(sales: Any = "1000000", **overrides: Any) -> dict[str, Any]:
    """A year's figures as a form would send them: sales, output (= sales), the rest small."""
    figures = {"sales": str(sales), "output": str(sales), "exports": "0", "profit": "100000", "ip_input": "50000",
               "patent_share": "60"}
    return {**figures, **{k: str(v) for k, v in overrides.items()}}


def enterprise(**fields: Any) -> Organisation:
    return OrganisationFactory(kind=OrgKind.ENTERPRISE, **{"name": f"测试制造有限公司{next(_numbers)}", **fields})


def filer_user(filer: Organisation, role: str = Role.ENTERPRISE_USER) -> Any:
    return member_of(filer, role)


def clerk() -> Any:
    """A filing clerk: a regulator's member."""
    return member_of(OrganisationFactory(kind=OrgKind.REGULATOR, name=f"测试市场监督管理局{next(_numbers)}"),
                     Role.REGULATOR)


def _year_row(product: Product, year: int, figures: dict[str, Any]) -> ProductYear:
    values = {k: Decimal(str(v)) for k, v in year_figures(**{k: v for k, v in figures.items()
                                                              if k in services.AMOUNT_FIELDS}).items()}
    flags = {k: figures[k] for k in ("on_time", "needs_review", "review_reason") if k in figures}
    return ProductYear.objects.create(product=product, year=year, submitted_at=timezone.now(), **values, **flags)


def product_factory(*, filer: Organisation | None = None, patents: list[Patent] | None = None,
                    status: str = ProductStatus.FILED, year_data: dict[int, dict[str, Any]] | None = None,
                    industry: str = DEFAULT_INDUSTRY, name: str | None = None,
                    filed_on: dt.date = TODAY, **fields: Any) -> Product:
    """A product written straight to the tables. `patents` are linked as the filer's own (make them with
    `PatentFactory(owner=filer)` for the check to agree); by default one own patent in force. `year_data` maps a
    year to figures (sales, output, …, and optionally on_time / needs_review)."""
    filer = filer or enterprise()
    if patents is None:
        patents = [PatentFactory(owner=filer)]
    number = next(_numbers)
    filed = status in (ProductStatus.FILED, ProductStatus.REVOKED)
    product = Product.objects.create(
        filer=filer, name=name or f"测试产品{number}", model=f"T-{number}", category="汽车零部件",
        industry=Industry.objects.get(pk=industry), launched_on=dt.date(2022, 1, 1), status=status,
        filing_number=f"TEST{number:08d}" if filed else None, filed_on=filed_on if filed else None,
        submitted_at=timezone.now(), revoked_on=filed_on if status == ProductStatus.REVOKED else None, **fields)
    ProductPatent.objects.bulk_create([ProductPatent(product=product, patent=p, basis=PatentBasis.OWN,
                                                     checked_on=filed_on) for p in patents])
    for year, figures in (year_data or {}).items():
        _year_row(product, year, figures)
    return product


def filed_product(*, filer: Organisation | None = None, patents: list[Patent] | None = None,
                  year: int | None = None, figures: dict[str, Any] | None = None,
                  today: dt.date = TODAY) -> Product:
    """A product filed through the services: the filer's enterprise user files it, a clerk files it."""
    filer = filer or enterprise()
    patents = patents if patents is not None else [PatentFactory(owner=filer)]
    product = services.product_file(
        actor=filer_user(filer), filer=filer, data=product_data(), today=today,
        patents=[p.lookup_number for p in patents],
        year_data={"year": year or today.year - 1, **(figures or year_figures())})
    return services.product_review(actor=clerk(), product=product, decision=ProductStatus.FILED,
                                   reason="材料齐全", today=today)


def product_data(**overrides: Any) -> dict[str, Any]:
    """A product's fields as a form sends them."""
    return {"name": "智能电池冷却模组", "model": "BC-200", "category": "汽车零部件", "industry": DEFAULT_INDUSTRY,
            "description": "", "launched_on": "2023-05-01", **overrides}

"""Whether a product may receive a city's reward for a year: each rule of the policy, met or not, in words. The
basis decides the product's standing that year (filed by its end; recognised for it; recognised for the first
time); the rest are the city's own choices on the policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from patentbridge.core.calculation import yuan
from patentbridge.products.models import Product, ProductStatus, ProductYear
from patentbridge.recognition.models import Recognition, RecognitionStatus
from patentbridge.rewards.models import RewardBasis, SalesRewardPolicy


@dataclass(frozen=True)
class Check:
    key: str
    label: str  # English msgid with %(name)s figures
    passed: bool
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return gettext(self.label) % self.params if self.params else gettext(self.label)


def year_data(product: Product, year: int) -> ProductYear | None:
    return ProductYear.objects.filter(product=product, year=year).first()


def checks(policy: SalesRewardPolicy, product: Product, year: int, data: ProductYear | None) -> list[Check]:
    """Every rule the policy applies to the product for the year, in the order people read them."""
    filer = product.filer
    found = [
        Check("in_force", N_("The policy is in force (not an example)"), not policy.is_example),
        Check("year", N_("The policy covers %(year)s"), policy.covers(year), {"year": str(year)}),
        _basis(policy.basis, product, year),
        Check("data", N_("Sales of %(year)s reported"), data is not None, {"year": str(year)}),
    ]
    if policy.filer_in_city:
        found.append(Check("city", N_("The filer is registered in %(city)s"), filer.city_id == policy.city_id,
                           {"city": policy.city.name}))
    if data is not None:
        found.extend(_data_checks(policy, data))
    if policy.size_classes:
        sizes = "、".join(policy.size_labels())
        found.append(Check("size", N_("The enterprise's size is one of: %(sizes)s"),
                           filer.size_class in policy.size_classes, {"sizes": sizes}))
    return found


def failures(found: list[Check]) -> list[str]:
    return [check.text() for check in found if not check.passed]


def _data_checks(policy: SalesRewardPolicy, data: ProductYear) -> list[Check]:
    found = [Check("review", N_("The yearly data are not flagged for review"), not data.needs_review)]
    if policy.on_time_only:
        found.append(Check("on_time", N_("The yearly data were reported on time"), data.on_time))
    if policy.min_sales:
        found.append(Check("min_sales", N_("Sales of at least %(min)s"), data.sales >= policy.min_sales,
                           {"min": yuan(policy.min_sales)}))
    return found


def _basis(basis: str, product: Product, year: int) -> Check:
    params = {"year": str(year)}
    if basis == RewardBasis.FILED:
        filed = (product.status == ProductStatus.FILED and product.filed_on is not None
                 and product.filed_on <= dt.date(year, 12, 31))
        return Check("basis", N_("The product is filed (by the end of %(year)s)"), filed, params)
    recognised = Recognition.objects.filter(product=product, year=year, status=RecognitionStatus.RECOGNISED).exists()
    if basis == RewardBasis.RECOGNISED:
        return Check("basis", N_("The product is recognised as patent-intensive for %(year)s"), recognised, params)
    earlier = Recognition.objects.filter(product=product, year__lt=year, status__in=(
        RecognitionStatus.RECOGNISED, RecognitionStatus.LAPSED)).exists()
    return Check("basis", N_("The product is recognised for the first time for %(year)s"),
                 recognised and not earlier, params)

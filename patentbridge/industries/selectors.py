"""Reads of patents' industries for other apps (stable: monitoring, kpi, products and recognition use them).

- `patent_industries(patent)`: the patent's industries by every route, with weight and patent-intensive class.
- `intensive_class_of(industry_code)`: the patent-intensive class (大类, PA01…) of a small class, or None.
- `intensive_counts(patents, route=None)`: fractional patent counts per patent-intensive class for a patent queryset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from patentbridge.industries.models import DeclaredIndustry, IntensiveCategory, IntensiveIndustry, PatentIndustry, Route
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent

ROUTE_ORDER = [Route.APPLICANT, Route.CONCORDANCE, Route.EMPIRICAL]  # most trusted first


@dataclass(frozen=True)
class IndustryLink:
    """One industry of a patent by one route; the intensive class and middle class are None outside the 2019
    classification."""

    route: str
    route_label: str
    code: str
    name: str
    weight: Decimal
    intensive_class: IntensiveCategory | None
    intensive_middle: IntensiveCategory | None

    @property
    def percent(self) -> Decimal:
        """The weight as a percentage with one decimal, for people."""
        return (self.weight * 100).quantize(Decimal("0.1"))


def patent_industries(patent: Patent) -> list[IndustryLink]:
    """The patent's industries, by route (most trusted first) and weight."""
    rows = (PatentIndustry.objects.filter(patent=patent)
            .select_related("industry__intensive__category__parent").order_by("-weight", "industry_id"))
    links = [_link(row) for row in rows]
    return sorted(links, key=lambda link: ROUTE_ORDER.index(Route(link.route)))


def _link(row: PatentIndustry) -> IndustryLink:
    intensive = getattr(row.industry, "intensive", None)
    middle = intensive.category if intensive else None
    return IndustryLink(row.route, str(Route(row.route).label), row.industry_id, row.industry.name, row.weight,
                        middle.parent if middle else None, middle)


def intensive_class_of(industry_code: str) -> IntensiveCategory | None:
    """The patent-intensive class (PA01…PA07) a GB/T 4754-2017 small class falls in, or None."""
    row = IntensiveIndustry.objects.select_related("category__parent").filter(industry_id=industry_code).first()
    return row.category.parent if row else None


def best_route_links(patents: QuerySet[Patent]) -> QuerySet[PatentIndustry]:
    """The links of each patent's most trusted route only, so that each classified patent counts once in all."""
    links = PatentIndustry.objects.filter(patent__in=patents)
    wanted = Q()
    for n, route in enumerate(ROUTE_ORDER):
        better = links.filter(route__in=ROUTE_ORDER[:n]).values("patent_id")
        wanted |= Q(route=route) & ~Q(patent_id__in=better) if n else Q(route=route)
    return links.filter(wanted)


def intensive_counts(patents: QuerySet[Patent], route: str | None = None) -> dict[str, Decimal]:
    """Patent-intensive class code → patents counted fractionally (weights summed) among the given patents, by one
    route or, by default, by each patent's most trusted route. Classes without patents are left out."""
    links = (PatentIndustry.objects.filter(patent__in=patents, route=route) if route
             else best_route_links(patents))
    rows = (links.filter(industry__intensive__isnull=False)
            .values("industry__intensive__category__parent").annotate(patents=Sum("weight"))
            .order_by("industry__intensive__category__parent"))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row["industry__intensive__category__parent"]] += row["patents"]
    return dict(totals)


def declared_industries(organisation: Organisation) -> QuerySet[DeclaredIndustry]:
    return organisation.declared_industries.select_related("industry", "declared_by").order_by("industry_id")

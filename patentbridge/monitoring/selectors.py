"""The industry statistics of one city (or the province) and year: patents, invention patents held and their
density per 10,000 employees, conversions, filed products and their output per patent-intensive class and middle
class; and the value added by the income approach (rules.md §6.1) with its working."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from patentbridge.core.db_router import replica_reads
from patentbridge.deals.conversions import converted_between_q
from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry, PatentIndustry, Route
from patentbridge.monitoring.models import COMPONENTS, Account, InclusionWeight, RegionalGdp
from patentbridge.orgs.models import City
from patentbridge.patents.models import LegalStatus, Patent, PatentApplicant, PatentType
from patentbridge.products.models import Product, ProductStatus, ProductYear

ZERO = Decimal("0")
NOT_INTENSIVE = "-"  # the row of patents and products in industries outside the classification
UNCLASSIFIED = "?"  # patents not yet classified to any industry
ROUTE_ORDER = (Route.APPLICANT, Route.CONCORDANCE, Route.EMPIRICAL)
# Held at a year's end: granted by then and not expired by then; a patent that lapsed for other reasons is left out
# of every year, because the register keeps its current status but not the date it lapsed.
HELD_STATUSES = (LegalStatus.IN_FORCE, LegalStatus.EXPIRED)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def account_scope(city: str | None) -> QuerySet[Account]:
    query = Account.objects.select_related("category__parent", "industry__industry", "industry__category", "city",
                                           "entered_by")
    return query.filter(city_id=city) if city else query


def accounts_for(city: str | None, year: int) -> QuerySet[Account]:
    """The entered rows behind a region's figures for a year (a province's are all its cities')."""
    return account_scope(city).filter(year=year).order_by("category", "industry", "city")


def gdp_for(city: str | None, year: int) -> RegionalGdp | None:
    return RegionalGdp.objects.filter(city_id=city, year=year).select_related("entered_by").first()


def weights() -> dict[str, Decimal]:
    """Partial-inclusion weight per small class; a small class without one counts in full."""
    return dict(InclusionWeight.objects.values_list("industry_id", "weight"))


def _patent_city(ref: str = "patent", prefix: str = "patent__") -> Coalesce:
    """A patent's city: its own (from its address), else its first applicant's with a known city."""
    first = (PatentApplicant.objects.filter(patent=OuterRef(ref), organisation__city__isnull=False)
             .order_by("position").values("organisation__city")[:1])
    return Coalesce(F(f"{prefix}city"), Subquery(first), output_field=CharField())


def best_route_links() -> QuerySet[PatentIndustry]:
    """Each patent's industry links of its most trusted route (applicant's declared industry, then the SEI
    concordance, then the learned IPC table): one route per patent, whose weights sum to 1, so no patent counts twice."""
    rank = Case(*(When(route=route, then=Value(i)) for i, route in enumerate(ROUTE_ORDER)), output_field=IntegerField())
    best = PatentIndustry.objects.filter(patent=OuterRef("patent")).annotate(rank=rank).order_by("rank").values("route")[:1]
    return PatentIndustry.objects.annotate(best=Subquery(best)).filter(route=F("best"))


def _patent_filters(year: int, ref: str = "patent", prefix: str = "patent__") -> dict[str, Q]:
    end = year_end(year)
    return {
        "filed": Q(**{f"{prefix}application_date__year": year}),
        "held": Q(**{f"{prefix}patent_type": PatentType.INVENTION, f"{prefix}grant_date__lte": end,
                     f"{prefix}legal_status__in": HELD_STATUSES})
        & (Q(**{f"{prefix}expiry_date__isnull": True}) | Q(**{f"{prefix}expiry_date__gt": end})),
        "converted": converted_between_q(dt.date(year, 1, 1), end, ref),
    }


def _in_region(query: QuerySet, city: str | None, ref: str = "patent", prefix: str = "patent__") -> QuerySet:
    query = query.annotate(region=_patent_city(ref, prefix))
    return query.filter(region=city) if city else query.filter(region__isnull=False)


def patent_counts(city: str | None, year: int) -> dict[str, dict[str, dict[str, Decimal]]]:
    """Per city and GB/T 4754 small class: patents applied for in the year, invention patents held at its end, and
    patents converted in it, each weighted by the patent's best-route industry weights."""
    filters = _patent_filters(year)
    rows = (_in_region(best_route_links(), city).filter(filters["filed"] | filters["held"] | filters["converted"])
            .values("region", "industry_id")
            .annotate(**{name: Sum("weight", filter=condition, default=ZERO) for name, condition in filters.items()}))
    out: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(dict)
    for row in rows:
        out[row["region"]][row["industry_id"]] = {name: row[name] for name in filters}
    return out


def unclassified_counts(city: str | None, year: int) -> dict[str, dict[str, Decimal]]:
    """Per city, the same figures for patents not yet classified to any industry (each counts 1)."""
    filters = _patent_filters(year, "pk", "")
    patents = _in_region(Patent.objects.filter(industry_links__isnull=True), city, "pk", "")
    rows = (patents.filter(filters["filed"] | filters["held"] | filters["converted"]).values("region")
            .annotate(**{name: Count("pk", filter=condition) for name, condition in filters.items()}))
    return {row["region"]: {name: Decimal(row[name]) for name in filters} for row in rows}


def filed_products(year: int) -> QuerySet[Product]:
    """Products that stood filed at the year's end (filed by then, and not revoked by then)."""
    end = year_end(year)
    return Product.objects.filter(filed_on__lte=end).filter(
        Q(status=ProductStatus.FILED) | Q(status=ProductStatus.REVOKED, revoked_on__gt=end))


def product_counts(city: str | None, year: int) -> dict[str, dict[str, dict[str, Any]]]:
    """Per filer's city and GB/T 4754 small class: products standing filed at the year's end and their output
    reported for the year."""
    products = filed_products(year)
    products = products.filter(filer__city_id=city) if city else products.filter(filer__city__isnull=False)
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(lambda: {"products": 0, "output": ZERO}))
    for row in products.values("filer__city_id", "industry_id").annotate(n=Count("pk")):
        out[row["filer__city_id"]][row["industry_id"]]["products"] = row["n"]
    for row in (ProductYear.objects.filter(year=year, product__in=products)
                .values("product__filer__city_id", "product__industry_id").annotate(total=Sum("output"))):
        out[row["product__filer__city_id"]][row["product__industry_id"]]["output"] = row["total"] or ZERO
    return out


@dataclass
class Figures:
    patents_filed: Decimal = ZERO
    inventions_held: Decimal = ZERO
    conversions: Decimal = ZERO
    products: int = 0
    output: Decimal = ZERO

    def add(self, other: Figures) -> None:
        for name in ("patents_filed", "inventions_held", "conversions", "products", "output"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Rollup:
    """A sum over entered rows, and whether every part of the category was entered (a total that misses a part is
    shown, but no ratio is drawn from it)."""

    value: Decimal | None = None
    complete: bool = False
    account_ids: list[int] = field(default_factory=list)


@dataclass
class Tree:
    """The classification as loaded: classes, their middle classes and the small classes of each."""

    classes: list[IntensiveCategory]
    middles: dict[str, list[IntensiveCategory]]
    smalls: dict[str, list[str]]  # middle code → small class codes
    middle_of: dict[str, str]  # small class code → middle code

    @classmethod
    def load(cls) -> Tree:
        categories = list(IntensiveCategory.objects.order_by("code"))
        middles: dict[str, list[IntensiveCategory]] = defaultdict(list)
        for category in categories:
            if category.parent_id:
                middles[category.parent_id].append(category)
        smalls: dict[str, list[str]] = defaultdict(list)
        middle_of = {}
        for small, middle in IntensiveIndustry.objects.values_list("industry_id", "category_id"):
            smalls[middle].append(small)
            middle_of[small] = middle
        return cls([c for c in categories if c.parent_id is None], middles, smalls, middle_of)


@dataclass
class Counts:
    """The platform's records of a region and year, per city and small class, read once."""

    patents: dict[str, dict[str, dict[str, Decimal]]]
    products: dict[str, dict[str, dict[str, Any]]]
    unclassified: dict[str, dict[str, Decimal]]

    @classmethod
    def load(cls, city: str | None, year: int) -> Counts:
        return cls(patent_counts(city, year), product_counts(city, year), unclassified_counts(city, year))

    def by_middle(self, tree: Tree, cities: list[str]) -> tuple[dict[str, Figures], Figures]:
        by_middle: dict[str, Figures] = defaultdict(Figures)
        unclassified = Figures()
        for city in cities:
            patents, products = self.patents.get(city, {}), self.products.get(city, {})
            for small in set(patents) | set(products):
                p, q = patents.get(small, {}), products.get(small, {})
                by_middle[tree.middle_of.get(small, NOT_INTENSIVE)].add(Figures(
                    p.get("filed", ZERO), p.get("held", ZERO), p.get("converted", ZERO), q.get("products", 0),
                    q.get("output", ZERO)))
            u = self.unclassified.get(city, {})
            unclassified.add(Figures(u.get("filed", ZERO), u.get("held", ZERO), u.get("converted", ZERO)))
        return by_middle, unclassified


class Accounts:
    """The entered rows of a region and year, rolled up small class → middle class → class (a province's by city
    first, since each city's rows stand for that city)."""

    def __init__(self, tree: Tree, rows: list[Account], weights: dict[str, Decimal]) -> None:
        self.tree, self.weights = tree, weights
        self.by_city: dict[str, list[Account]] = defaultdict(list)
        for row in rows:
            self.by_city[row.city_id].append(row)

    def weight(self, row: Account) -> Decimal:
        return self.weights.get(row.industry.industry_id, Decimal(1)) if row.industry_id else Decimal(1)

    def amount(self, row: Account, name: str) -> Decimal | None:
        value = row.employees if name == "employees" else getattr(row, name)
        return None if value is None else Decimal(value) * self.weight(row)

    def value_added(self, row: Account) -> Decimal | None:
        return None if not row.has_components else sum((getattr(row, c) for c in COMPONENTS), ZERO) * self.weight(row)

    def _pick(self, rows: list[Account], name: str) -> Decimal | None:
        return self.value_added(rows[0]) if name == "value_added" else self.amount(rows[0], name)

    def _city_rollup(self, rows: list[Account], code: str, level: str, name: str) -> Rollup:
        if level == "small":
            own = [r for r in rows if r.industry_id and r.industry.industry_id == code]
        else:
            own = [r for r in rows if not r.industry_id and r.category_id == code]
        own = [r for r in own if self._pick([r], name) is not None]
        if own:
            return Rollup(self._pick(own, name), True, [own[0].pk])
        parts = ([(m.code, "middle") for m in self.tree.middles.get(code, [])] if level == "class"
                 else [(s, "small") for s in self.tree.smalls.get(code, [])] if level == "middle" else [])
        return self.combine([self._city_rollup(rows, part, part_level, name) for part, part_level in parts])

    @staticmethod
    def combine(parts: list[Rollup]) -> Rollup:
        entered = [p for p in parts if p.value is not None]
        if not entered:
            return Rollup(None, False)
        return Rollup(sum((p.value for p in entered), ZERO), all(p.complete for p in parts) and bool(parts),
                      [pk for p in entered for pk in p.account_ids])

    def rollup(self, code: str, level: str, name: str, cities: list[str]) -> Rollup:
        """The figure for a category over the region's cities (complete only when every city is)."""
        return self.combine([self._city_rollup(self.by_city.get(c, []), code, level, name) for c in cities])


def _ratio(numerator: Decimal, employees: Rollup) -> Decimal | None:
    if employees.value is None or not employees.complete or not employees.value:
        return None
    return (numerator * 10000 / employees.value).quantize(Decimal("0.01"))


def _row(code: str, name: str, level: str, figures: Figures, employees: Rollup | None) -> dict[str, Any]:
    return {"code": code, "name": name, "level": level, "patents_filed": figures.patents_filed,
            "inventions_held": figures.inventions_held,
            "employees": None if employees is None else employees.value,
            "employees_complete": bool(employees and employees.complete),
            "per_10k_employees": None if employees is None else _ratio(figures.inventions_held, employees),
            "conversions": figures.conversions, "products": figures.products, "output": figures.output}


def region_cities(city: str | None) -> list[str]:
    return [city] if city else list(City.objects.values_list("code", flat=True))


def statistics_rows(tree: Tree, accounts: Accounts, counts: Counts, cities: list[str]) -> list[dict[str, Any]]:
    """Each class followed by its middle classes, the patent-intensive total, the industries outside the
    classification and the patents not yet classified."""
    by_middle, unclassified = counts.by_middle(tree, cities)
    rows, total = [], Figures()
    for top in tree.classes:
        class_figures = Figures()
        middle_rows = []
        for middle in tree.middles.get(top.code, []):
            figures = by_middle.get(middle.code, Figures())
            class_figures.add(figures)
            middle_rows.append(_row(middle.code, middle.name, "middle", figures,
                                    accounts.rollup(middle.code, "middle", "employees", cities)))
        total.add(class_figures)
        rows += [_row(top.code, top.name, "class", class_figures,
                      accounts.rollup(top.code, "class", "employees", cities)), *middle_rows]
    employees_total = accounts.combine([accounts.rollup(t.code, "class", "employees", cities) for t in tree.classes])
    rows.append(_row("", "", "total", total, employees_total))
    rows.append(_row(NOT_INTENSIVE, "", "outside", by_middle.get(NOT_INTENSIVE, Figures()), None))
    rows.append(_row(UNCLASSIFIED, "", "unclassified", unclassified, None))
    return rows


def _components(accounts: Accounts, code: str, level: str, cities: list[str]) -> dict[str, Any]:
    parts = {name: accounts.rollup(code, level, name, cities) for name in (*COMPONENTS, "value_added")}
    added = parts["value_added"]
    return {**{name: parts[name].value for name in COMPONENTS}, "value_added": added.value,
            "complete": added.complete, "account_ids": added.account_ids}


def value_added(tree: Tree, accounts: Accounts, city: str | None, year: int) -> dict[str, Any]:
    """Compensation + net production taxes + depreciation + operating surplus = value added, per class and middle
    class, the region's total, and its share of GDP where GDP is entered."""
    cities = region_cities(city)
    classes = []
    for top in tree.classes:
        middles = [{"code": m.code, "name": m.name, **_components(accounts, m.code, "middle", cities)}
                   for m in tree.middles.get(top.code, [])]
        classes.append({"code": top.code, "name": top.name, **_components(accounts, top.code, "class", cities),
                        "middles": [m for m in middles if m["value_added"] is not None]})
    entered = [c for c in classes if c["value_added"] is not None]
    total = {name: sum((c[name] for c in entered), ZERO) if entered else None for name in (*COMPONENTS, "value_added")}
    gdp = gdp_for(city, year)
    share = (total["value_added"] * 100 / gdp.gdp).quantize(Decimal("0.01")) if gdp and entered else None
    return {"classes": classes, "total": {**total, "complete": bool(entered) and all(c["complete"] for c in classes)},
            "gdp": gdp.gdp if gdp else None, "gdp_source": gdp.source if gdp else None, "share_percent": share}


def account_rows(accounts: Accounts, rows: list[Account]) -> list[dict[str, Any]]:
    """The entered rows themselves, each with its weight and weighted value added: what every figure traces to."""
    return [{"id": row.pk, "city": row.city_id, "city_name": row.city.name_zh, "year": row.year,
             "level": "small" if row.industry_id else row.category.level,
             "code": row.industry.industry_id if row.industry_id else row.category_id,
             "name": row.industry.industry.name if row.industry_id else row.category.name,
             "category": row.category_id, "employees": row.employees,
             **{name: getattr(row, name) for name in COMPONENTS},
             "weight": accounts.weight(row), "value_added": accounts.value_added(row), "source": row.source,
             "entered_by": row.entered_by.get_username() if row.entered_by else None, "entered_at": row.entered_at}
            for row in rows]


def by_city(tree: Tree, accounts: Accounts, counts: Counts, year: int) -> list[dict[str, Any]]:
    """The province's figures city by city: the patent-intensive totals, value added and its share of GDP."""
    out = []
    for place in City.objects.all():
        total = next(r for r in statistics_rows(tree, accounts, counts, [place.code]) if r["level"] == "total")
        added = value_added(tree, accounts, place.code, year)
        out.append({**total, "code": place.code, "name": place.name_zh, "level": "city",
                    "value_added": added["total"]["value_added"], "value_added_complete": added["total"]["complete"],
                    "gdp": added["gdp"], "share_percent": added["share_percent"]})
    return out


@replica_reads()
def statistics(city: str | None, year: int) -> dict[str, Any]:
    """Everything the page, the API and the report show for a region and year."""
    tree = Tree.load()
    rows = list(accounts_for(city, year))
    accounts = Accounts(tree, rows, weights())
    counts = Counts.load(city, year)
    gdp = gdp_for(city, year)
    return {
        "city": city, "city_name": City.objects.get(pk=city).name_zh if city else None, "year": year,
        "rows": statistics_rows(tree, accounts, counts, region_cities(city)),
        "value_added": value_added(tree, accounts, city, year),
        "by_city": [] if city else by_city(tree, accounts, counts, year),
        "accounts": account_rows(accounts, rows),
        "gdp_entry": None if gdp is None else {"gdp": gdp.gdp, "source": gdp.source,
                                               "entered_by": gdp.entered_by.get_username() if gdp.entered_by else None},
        "weights": [{"industry": w.industry_id, "weight": w.weight, "source": w.source}
                    for w in InclusionWeight.objects.order_by("industry")],
        "routes": [str(route) for route in ROUTE_ORDER],
    }

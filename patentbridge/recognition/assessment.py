"""A product's figures against the recognition criteria. A criterion without a threshold is shown as such and leaves
the decision to the reviewer: nothing here labels a product "likely to qualify" (rules.md §7)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from patentbridge.patents.models import PatentType
from patentbridge.products.models import Product, ProductYear
from patentbridge.recognition.models import Comparator, Criterion, Indicator

COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    Comparator.AT_LEAST: operator.ge, Comparator.ABOVE: operator.gt,
    Comparator.AT_MOST: operator.le, Comparator.BELOW: operator.lt,
}


class Result:
    PASS = "pass"
    FAIL = "fail"
    NO_THRESHOLD = "no_threshold"
    NO_FIGURE = "no_figure"


RESULT_LABELS = {Result.PASS: _("meets it"), Result.FAIL: _("falls short"),
                 Result.NO_THRESHOLD: _("no threshold set"), Result.NO_FIGURE: _("no figure")}


class Verdict:
    NO_CRITERIA = "no_criteria"
    REVIEWER_DECIDES = "reviewer_decides"
    MEETS_ALL = "meets_all"
    FALLS_SHORT = "falls_short"


VERDICT_LABELS = {
    Verdict.NO_CRITERIA: _("No active criterion: the decision is the reviewer's."),
    Verdict.REVIEWER_DECIDES: _("At least one criterion has no threshold set or no figure: the decision is the "
                                "reviewer's."),
    Verdict.MEETS_ALL: _("Every active criterion is met."),
    Verdict.FALLS_SHORT: _("At least one criterion is not met."),
}


def figure(indicator: str, product: Product, data: ProductYear) -> Decimal | None:
    """The product's figure for the indicator, from its data year (None where it cannot be worked out)."""
    if indicator == Indicator.PATENT_SHARE:
        return data.patent_share
    if indicator == Indicator.SALES:
        return data.sales
    if indicator == Indicator.INVENTION_PATENTS:
        return Decimal(product.patent_links.filter(patent__patent_type=PatentType.INVENTION).count())
    if indicator == Indicator.IP_INPUT_RATIO:
        if not data.sales:
            return None
        return (data.ip_input * 100 / data.sales).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return None


def applicable(criteria: Iterable[Criterion], category: str) -> list[Criterion]:
    """The active criteria for a product category: a category's own row replaces the general row of its indicator."""
    chosen: dict[tuple[str, str], Criterion] = {}
    for criterion in criteria:
        if not criterion.active or criterion.category not in ("", category):
            continue
        key = (criterion.standard, criterion.indicator)
        if key not in chosen or criterion.category:
            chosen[key] = criterion
    return sorted(chosen.values(), key=lambda c: (c.standard, c.indicator))


def _result(criterion: Criterion, value: Decimal | None) -> str:
    if criterion.threshold is None:
        return Result.NO_THRESHOLD
    if value is None:
        return Result.NO_FIGURE
    return Result.PASS if COMPARE[criterion.comparator](value, criterion.threshold) else Result.FAIL


def assess(product: Product, data: ProductYear, criteria: Iterable[Criterion]) -> list[dict[str, Any]]:
    """One row per applicable criterion: what it asks, the product's figure, and the result (JSON-ready)."""
    rows = []
    for criterion in applicable(criteria, product.category):
        value = figure(criterion.indicator, product, data)
        rows.append({"criterion": criterion.pk, "standard": criterion.standard, "indicator": criterion.indicator,
                     "category": criterion.category, "comparator": criterion.comparator,
                     "threshold": None if criterion.threshold is None else str(criterion.threshold),
                     "unit": criterion.unit, "figure": None if value is None else str(value),
                     "data_year": data.year, "result": _result(criterion, value)})
    return rows


def verdict(rows: list[dict[str, Any]]) -> str:
    """The summary of an assessment; "meets all" only when every row had a threshold and a figure."""
    results = {row["result"] for row in rows}
    if not rows:
        return Verdict.NO_CRITERIA
    if results & {Result.NO_THRESHOLD, Result.NO_FIGURE}:
        return Verdict.REVIEWER_DECIDES
    return Verdict.FALLS_SHORT if Result.FAIL in results else Verdict.MEETS_ALL


def grouped(text: str | None) -> str:
    """A stored figure with thousands separated and no trailing zeros ("32000000.00" → "32,000,000")."""
    if text is None:
        return "—"
    value = Decimal(text)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,f}"


def rows_for_display(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored rows with their labels and grouped figures, for pages."""
    return [{**row, "indicator_label": Indicator(row["indicator"]).label if row["indicator"] in Indicator.values
             else row["indicator"], "comparator_label": dict(Comparator.choices).get(row["comparator"], ""),
             "result_label": RESULT_LABELS.get(row["result"], row["result"]),
             "threshold_shown": grouped(row["threshold"]), "figure_shown": grouped(row["figure"])} for row in rows]

"""Fractional counting: a patent counts once per route, split over its industries by weights that sum to 1."""

from __future__ import annotations

from decimal import Decimal

UNIT = Decimal("0.0001")  # PatentIndustry.weight has 4 decimal places


def fractions(weights: dict[str, float]) -> dict[str, Decimal]:
    """Weights as 4-place decimals that sum to exactly 1 (largest remainder); those rounding to nothing dropped."""
    total = sum(weights.values())
    if total <= 0:
        return {}
    units = {k: w / total * 10000 for k, w in weights.items()}
    whole = {k: int(u) for k, u in units.items()}
    short = 10000 - sum(whole.values())
    for key in sorted(units, key=lambda k: (-(units[k] - whole[k]), k))[:short]:
        whole[key] += 1
    return {k: Decimal(n) * UNIT for k, n in whole.items() if n > 0}

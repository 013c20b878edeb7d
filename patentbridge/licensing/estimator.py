"""Open-licence fee estimation after the CNIPA 2022 guide (国知办发运字〔2022〕56号, rules.md §1.2).

The guide's methods are named, but its formulas, rates and coefficient values were not retrieved [U]. Its steps
(base → rate → adjustment coefficients → fee) suggest fee = base × rate × Π coefficients; that form is our
inference and is shown as such. Rates per industry and the coefficients are tables administrators edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext

from patentbridge.core.errors import ValidationFailed
from patentbridge.core.language import in_reader_language
from patentbridge.core.money import money, non_negative
from patentbridge.licensing.models import AdjustmentCoefficient, IndustryRoyaltyRate

METHODS = {
    "own_income": ("自身实施收益法", "from the patentee's own exploitation income"),
    "prior_royalties": ("既往许可费法", "from royalties already charged for this patent"),
    "industry_statistics": ("行业统计法", "from same-industry licence statistics"),
    "international_rates": ("国际通行许可费率法", "from internationally common royalty rates per sector"),
    "valuation": ("资产评估法", "from a valuation: base × royalty rate × adjustment coefficients"),
}


INTERNATIONAL_RATES = Path(__file__).with_name("international_royalty_rates.json")


@dataclass(frozen=True)
class SectorRate:
    label_zh: str
    label_en: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class RateTable:
    source: str
    verified: bool
    sectors: dict[str, SectorRate]


def international_rates(path: Path = INTERNATIONAL_RATES) -> RateTable:
    """The guide's method 4 rates (per cent of net sales) from the data file; docs/domain.md says how to edit it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sectors = {key: SectorRate(row["label_zh"], row["label_en"], Decimal(row["low"]), Decimal(row["high"]))
               for key, row in data["sectors"].items()}
    return RateTable(data["source"], bool(data["verified"]), sectors)


INTERNATIONAL = international_rates()


@dataclass
class Estimate:
    method: str
    annual_fee: Decimal
    rate: Decimal | None
    base: Decimal
    coefficients: dict[str, Decimal]
    steps: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"method": self.method, "annual_fee": str(self.annual_fee), "rate": str(self.rate) if self.rate else None,
                "base": str(self.base), "coefficients": {k: str(v) for k, v in self.coefficients.items()},
                "steps": self.steps}


def industry_rate(industry: str) -> IndustryRoyaltyRate | None:
    """The most specific table row for the industry: its class code, then shorter prefixes, then its section."""
    code = industry.strip().upper()
    candidates = [code[:n] for n in range(len(code), 0, -1)]
    rows = {r.industry: r for r in IndustryRoyaltyRate.objects.filter(industry__in=candidates)}
    return next((rows[c] for c in candidates if c in rows), None)


def _label(chinese: object, english: object) -> str:
    """The label in the active language: one language on screen."""
    return in_reader_language(chinese, english)


def coefficients(chosen: dict[str, object]) -> dict[str, Decimal]:
    """Each configured coefficient at the chosen value (its default when not chosen), kept within its range."""
    out = {}
    for row in AdjustmentCoefficient.objects.all():
        value = non_negative(chosen.get(row.key, row.default), row.key)
        if not row.minimum <= value <= row.maximum:
            raise ValidationFailed(details={row.key: gettext("%(label)s must be %(low)s–%(high)s") % {
                "label": _label(row.label_zh, row.label_en), "low": row.minimum, "high": row.maximum}})
        out[row.key] = value
    return out


def estimate(method: str, inputs: dict[str, object]) -> Estimate:
    """The annual licence fee by one of the guide's methods, with each step written out."""
    if method not in METHODS:
        raise ValidationFailed(details={"method": gettext("unknown method")})
    chosen = coefficients(dict(inputs.get("coefficients") or {}))
    product = Decimal(1)
    for value in chosen.values():
        product *= value
    steps: list[str] = [gettext("method: %(name)s") % {"name": _label(*METHODS[method][:2])}]
    rate: Decimal | None = None
    if method == "prior_royalties":
        fees = [non_negative(v, "prior_fees") for v in (inputs.get("prior_fees") or [])]
        if not fees:
            raise ValidationFailed(details={"prior_fees": gettext("enter the royalties already charged")})
        base = sum(fees, Decimal(0)) / len(fees)
        steps.append(gettext("base = mean of prior annual royalties %(base)s") % {"base": f"{base:,.2f}"})
        fee = base * product
    else:
        base = non_negative(inputs.get("base"), "base")
        rate = _rate(method, inputs, steps)
        label = {"own_income": gettext("own annual income from using it"),
                 "industry_statistics": gettext("the licensee's expected annual net sales"),
                 "international_rates": gettext("the licensee's expected annual net sales"),
                 "valuation": gettext("appraised value")}[method]
        steps.append(gettext("base (%(label)s) = %(base)s; rate = %(rate)s%%")
                     % {"label": label, "base": f"{base:,.2f}", "rate": rate})
        fee = base * rate / 100 * product
    for key, value in chosen.items():
        steps.append(gettext("coefficient %(key)s = %(value)s") % {"key": key, "value": value})
    fee = money(fee)
    steps.append(gettext("annual fee = ¥%(fee)s (the formula base × rate × Π coefficients is inferred)")
                 % {"fee": f"{fee:,.2f}"})
    return Estimate(method, fee, rate, base, chosen, steps)


def _rate(method: str, inputs: dict[str, object], steps: list[str]) -> Decimal:
    """The royalty rate in per cent: the one given, or the method's table value, with its source in the working."""
    given = inputs.get("rate") not in (None, "")
    if method == "international_rates" and (inputs.get("sector") or not given):
        return _international_rate(inputs, steps)
    if method == "industry_statistics" and not given:
        row = industry_rate(str(inputs.get("industry") or ""))
        if row is None:
            raise ValidationFailed(details={"rate": gettext("no statistics for this industry yet: enter a rate")})
        steps.append(gettext("industry %(industry)s typical rate %(rate)s%% (%(low)s–%(high)s%%, source: %(source)s)")
                     % {"industry": row.industry, "rate": row.rate_typical, "low": row.rate_low, "high": row.rate_high,
                        "source": row.source})
        return row.rate_typical
    return non_negative(inputs.get("rate"), "rate")


def _international_rate(inputs: dict[str, object], steps: list[str]) -> Decimal:
    """The sector's international range: its midpoint, or the rate given, flagged when outside the range."""
    row = INTERNATIONAL.sectors.get(str(inputs.get("sector") or "").strip())
    if row is None:
        raise ValidationFailed(details={"sector": gettext("choose a sector of the international rate table or enter a rate")})
    checked = gettext("verified") if INTERNATIONAL.verified else gettext("unverified [U]")
    steps.append(gettext("international common rate: %(sector)s %(low)s–%(high)s%% (source: %(source)s; %(checked)s)")
                 % {"sector": _label(row.label_zh, row.label_en), "low": row.low, "high": row.high,
                    "source": INTERNATIONAL.source, "checked": checked})
    if inputs.get("rate") in (None, ""):
        rate = (row.low + row.high) / 2
        steps.append(gettext("the range's midpoint: %(rate)s%%") % {"rate": rate})
        return rate
    rate = non_negative(inputs.get("rate"), "rate")
    if not row.low <= rate <= row.high:
        steps.append(gettext("the rate given, %(rate)s%%, lies outside the sector's range %(low)s–%(high)s%%")
                     % {"rate": rate, "low": row.low, "high": row.high})
    return rate

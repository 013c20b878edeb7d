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

from patentbridge.core.errors import ValidationFailed
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


def coefficients(chosen: dict[str, object]) -> dict[str, Decimal]:
    """Each configured coefficient at the chosen value (its default when not chosen), kept within its range."""
    out = {}
    for row in AdjustmentCoefficient.objects.all():
        value = non_negative(chosen.get(row.key, row.default), row.key)
        if not row.minimum <= value <= row.maximum:
            raise ValidationFailed(details={row.key: f"{row.label_zh} 应在 {row.minimum}–{row.maximum} 之间 / "
                                                     f"must be {row.minimum}–{row.maximum}"})
        out[row.key] = value
    return out


def estimate(method: str, inputs: dict[str, object]) -> Estimate:
    """The annual licence fee by one of the guide's methods, with each step written out."""
    if method not in METHODS:
        raise ValidationFailed(details={"method": "未知的估算方法 / unknown method"})
    chosen = coefficients(dict(inputs.get("coefficients") or {}))
    product = Decimal(1)
    for value in chosen.values():
        product *= value
    steps: list[str] = [f"方法 / method: {METHODS[method][0]} ({METHODS[method][1]})"]
    rate: Decimal | None = None
    if method == "prior_royalties":
        fees = [non_negative(v, "prior_fees") for v in (inputs.get("prior_fees") or [])]
        if not fees:
            raise ValidationFailed(details={"prior_fees": "请填写既往许可费 / enter the royalties already charged"})
        base = sum(fees, Decimal(0)) / len(fees)
        steps.append(f"基数 = 既往年许可费平均值 {base:,.2f} / base = mean of prior annual royalties")
        fee = base * product
    else:
        base = non_negative(inputs.get("base"), "base")
        rate = _rate(method, inputs, steps)
        label = {"own_income": "自身实施年收益", "industry_statistics": "被许可方预计年净销售额",
                 "international_rates": "被许可方预计年净销售额", "valuation": "评估值"}[method]
        steps.append(f"基数 / base ({label}) = {base:,.2f}；费率 / rate = {rate}%")
        fee = base * rate / 100 * product
    for key, value in chosen.items():
        steps.append(f"调整系数 / coefficient {key} = {value}")
    fee = money(fee)
    steps.append(f"年许可费 / annual fee = {fee:,.2f} 元（公式为推断：基数 × 费率 × Π调整系数 / the formula is inferred)")
    return Estimate(method, fee, rate, base, chosen, steps)


def _rate(method: str, inputs: dict[str, object], steps: list[str]) -> Decimal:
    """The royalty rate in per cent: the one given, or the method's table value, with its source in the working."""
    given = inputs.get("rate") not in (None, "")
    if method == "international_rates" and (inputs.get("sector") or not given):
        return _international_rate(inputs, steps)
    if method == "industry_statistics" and not given:
        row = industry_rate(str(inputs.get("industry") or ""))
        if row is None:
            raise ValidationFailed(details={"rate": "该行业尚无费率统计，请填写费率 / no statistics for this "
                                                    "industry yet: enter a rate"})
        steps.append(f"行业 {row.industry} 典型费率 {row.rate_typical}%（{row.rate_low}–{row.rate_high}%，来源：{row.source}）")
        return row.rate_typical
    return non_negative(inputs.get("rate"), "rate")


def _international_rate(inputs: dict[str, object], steps: list[str]) -> Decimal:
    """The sector's international range: its midpoint, or the rate given, flagged when outside the range."""
    row = INTERNATIONAL.sectors.get(str(inputs.get("sector") or "").strip())
    if row is None:
        raise ValidationFailed(details={"sector": "请选择行业（国际通行费率表）或填写费率 / choose a sector of the "
                                                  "international rate table or enter a rate"})
    checked = "已核实" if INTERNATIONAL.verified else "未核实 [U] / unverified"
    steps.append(f"国际通行费率 / international common rate: {row.label_zh} ({row.label_en}) {row.low}–{row.high}% "
                 f"（来源 / source: {INTERNATIONAL.source}；{checked}）")
    if inputs.get("rate") in (None, ""):
        rate = (row.low + row.high) / 2
        steps.append(f"取区间中值 / the range's midpoint: {rate}%")
        return rate
    rate = non_negative(inputs.get("rate"), "rate")
    if not row.low <= rate <= row.high:
        steps.append(f"所填费率 {rate}% 在该行业国际通行区间 {row.low}–{row.high}% 之外 / the rate given lies outside "
                     "the sector's range")
    return rate

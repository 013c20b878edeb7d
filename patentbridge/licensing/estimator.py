"""Open-licence fee estimation after the CNIPA 2022 guide (国知办发运字〔2022〕56号, rules.md §1.2).

The guide's methods are named, but its formulas, rates and coefficient values were not retrieved [U]. Its steps
(base → rate → adjustment coefficients → fee) suggest fee = base × rate × Π coefficients; that form is our
inference and is shown as such. Rates per industry and the coefficients are tables administrators edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from patentbridge.core.errors import ValidationFailed
from patentbridge.core.money import money, non_negative
from patentbridge.licensing.models import AdjustmentCoefficient, IndustryRoyaltyRate

METHODS = {
    "own_income": ("自身实施收益法", "from the patentee's own exploitation income"),
    "prior_royalties": ("既往许可费法", "from royalties already charged for this patent"),
    "industry_statistics": ("行业统计法", "from same-industry licence statistics"),
    "valuation": ("资产评估法", "from a valuation: base × royalty rate × adjustment coefficients"),
}


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
        if method == "industry_statistics" and inputs.get("rate") in (None, ""):
            row = industry_rate(str(inputs.get("industry") or ""))
            if row is None:
                raise ValidationFailed(details={"rate": "该行业尚无费率统计，请填写费率 / no statistics for this "
                                                        "industry yet: enter a rate"})
            rate = row.rate_typical
            steps.append(f"行业 {row.industry} 典型费率 {rate}%（{row.rate_low}–{row.rate_high}%，来源：{row.source}）")
        else:
            rate = non_negative(inputs.get("rate"), "rate")
        label = {"own_income": "自身实施年收益", "industry_statistics": "被许可方预计年净销售额",
                 "valuation": "评估值"}[method]
        steps.append(f"基数 / base ({label}) = {base:,.2f}；费率 / rate = {rate}%")
        fee = base * rate / 100 * product
    for key, value in chosen.items():
        steps.append(f"调整系数 / coefficient {key} = {value}")
    fee = money(fee)
    steps.append(f"年许可费 / annual fee = {fee:,.2f} 元（公式为推断：基数 × 费率 × Π调整系数 / the formula is inferred)")
    return Estimate(method, fee, rate, base, chosen, steps)

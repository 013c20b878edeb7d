"""A calculation shown step by step (rewards on sales, rewards for brokered deals): each step an amount in Decimal
with its sentence kept as an English msgid and its figures, so a frozen copy on a decided application reads in the
reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from patentbridge.core.money import money


def yuan(amount: Decimal) -> str:
    """An amount as people read it: thousands separated, two decimals."""
    return f"{money(amount):,.2f}"


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # English msgid with %(name)s figures
    amount: Decimal
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return gettext(self.label) % self.params if self.params else gettext(self.label)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "params": self.params, "amount": str(self.amount)}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Step:
        return cls(key=row["key"], label=row["label"], amount=Decimal(row["amount"]), params=row.get("params") or {})


@dataclass(frozen=True)
class Calculation:
    steps: list[Step]

    @property
    def result(self) -> Decimal:
        return self.steps[-1].amount

    @property
    def basis_amount(self) -> Decimal:
        return self.steps[0].amount

    def as_json(self) -> list[dict[str, Any]]:
        return [step.as_json() for step in self.steps]

    @classmethod
    def from_json(cls, rows: list[dict[str, Any]]) -> Calculation:
        return cls(steps=[Step.from_json(row) for row in rows])

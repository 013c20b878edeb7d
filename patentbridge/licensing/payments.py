"""Payment providers. The platform talks to one through this interface; the in-repo fake settles at once and is
the only one configured (no real payment calls are made anywhere)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext


@dataclass(frozen=True)
class Charge:
    reference: str
    succeeded: bool
    message: str = ""


class PaymentProvider(Protocol):
    name: str

    def charge(self, *, amount: Decimal, description: str, payer: str) -> Charge: ...

    def refund(self, reference: str, amount: Decimal) -> Charge: ...


class FakeProvider:
    """Settles every charge at once, except amounts ending in .13 (to exercise the failure path)."""

    name = "fake"

    def charge(self, *, amount: Decimal, description: str, payer: str) -> Charge:
        reference = f"FAKE-{secrets.token_hex(8).upper()}"
        if amount.quantize(Decimal("0.01")) % 1 == Decimal("0.13"):
            return Charge(reference, False, gettext("simulated decline"))
        return Charge(reference, True)

    def refund(self, reference: str, amount: Decimal) -> Charge:
        """Returns (part of) a charge; a reference this fake never issued is refused, like a real provider would."""
        if not reference.startswith("FAKE-") or amount <= 0:
            return Charge("", False, gettext("unknown charge"))
        return Charge(f"FAKE-REFUND-{secrets.token_hex(8).upper()}", True)


def provider() -> PaymentProvider:
    return import_string(getattr(settings, "PAYMENT_PROVIDER", "patentbridge.licensing.payments.FakeProvider"))()

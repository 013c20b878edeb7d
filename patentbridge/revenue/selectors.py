"""Reads of inventor revenue: an office's incomes and one of them, an inventor's shares."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from patentbridge.revenue.models import Income, InventorShare

INCOME_SOURCES = ("open_licence__declaration__patent", "deal__patent", "organisation")


def incomes_of(organisation_id: int) -> QuerySet[Income]:
    return (Income.objects.filter(organisation_id=organisation_id).select_related(*INCOME_SOURCES)
            .prefetch_related("shares").order_by("-received_on", "-pk"))


def income_of(organisation_id: int, income_id: int) -> Income | None:
    return incomes_of(organisation_id).filter(pk=income_id).first()


def shares_of(user: Any) -> QuerySet[InventorShare]:
    """The inventor's shares of income, newest first."""
    return (InventorShare.objects.filter(inventor=user).select_related("income", "income__organisation")
            .order_by("-income__received_on", "-pk"))


def unpaid_shares_of(user: Any) -> QuerySet[InventorShare]:
    """The inventor's shares not yet paid in full."""
    return shares_of(user).filter(paid__lt=F("amount"))


def inventor_names(income: Income) -> list[str]:
    """The inventors of the patent the income is paid for, as the patent register names them."""
    patent = (income.open_licence.declaration.patent if income.open_licence_id
              else income.deal.patent if income.deal_id else None)
    return [name for name in (patent.inventors_usable if patent is not None else []) if name]

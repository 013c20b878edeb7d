"""Reads of income and inventors' shares."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from patentbridge.revenue.models import InventorShare


def shares_of(user: Any) -> QuerySet[InventorShare]:
    """The inventor's shares of income, newest first."""
    return (InventorShare.objects.filter(inventor=user).select_related("income", "income__organisation")
            .order_by("-income__received_on", "-pk"))


def unpaid_shares_of(user: Any) -> QuerySet[InventorShare]:
    """The inventor's shares not yet paid in full."""
    return shares_of(user).filter(paid__lt=F("amount"))

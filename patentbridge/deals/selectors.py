"""Reads of deals: only the parties, their institutions and the regulator see a deal's terms."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from patentbridge.core.errors import NotFound
from patentbridge.deals.models import Deal
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import reads_everything, roles_of
from patentbridge.patents.models import Patent


def deals_visible_to(user: Any) -> QuerySet[Deal]:
    deals = Deal.objects.select_related("patent", "owner", "counterparty")
    if reads_everything(user):
        return deals
    orgs = {org for org, _ in roles_of(user)}
    return deals.filter(Q(owner_id__in=orgs) | Q(counterparty_id__in=orgs))


def deal_get(user: Any, deal_id: int) -> Deal:
    deal = deals_visible_to(user).filter(pk=deal_id).first()
    if deal is None:
        raise NotFound("没有这个交易，或您无权查看 / no such deal, or not yours to see")
    return deal


def deal_owner(patent: Patent, user: Any) -> Organisation | None:
    """The patentee who licenses or assigns: the user's own organisation among the owners, else the first owner."""
    owners = list(Organisation.objects.filter(pk__in=patent.owner_org_ids()).order_by("pk"))
    mine = {org for org, _ in roles_of(user)}
    return next((o for o in owners if o.pk in mine), owners[0] if owners else None)

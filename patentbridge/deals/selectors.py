"""Reads of deals: only the parties (and co-owners whose consent a deal needs), and the regulator, see its terms."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from patentbridge.core.errors import NotFound
from patentbridge.deals.models import RIGHT_KINDS, Deal, DealConsent, DealKind, DealStatus
from patentbridge.deals.services import user_steps
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Capability, acting_org_ids, org_ids_with, reads_everything
from patentbridge.patents.models import Patent

CLOSED_STATUSES = (DealStatus.COMPLETED, DealStatus.TERMINATED)
AWAITING_SCAN = 200  # the open deals read to find those waiting on the user: more is a backlog, not a to-do list


def deals_visible_to(user: Any) -> QuerySet[Deal]:
    # The patent's owners decide whose confirmation a deal needs: read once, not per deal on a list.
    deals = (Deal.objects.select_related("patent", "owner", "counterparty", "territory", "contract")
             .prefetch_related("patent__applicant_links__organisation",
                               Prefetch("consents", queryset=DealConsent.objects.select_related("organisation",
                                                                                                 "user"))))
    if reads_everything(user):
        return deals
    orgs = org_ids_with(user, Capability.READ)
    co_owned = Deal.objects.filter(patent__applicant_links__organisation_id__in=orgs,
                                   kind__in=[k for k in RIGHT_KINDS if k != DealKind.ORDINARY_LICENCE]).values("pk")
    return deals.filter(Q(owner_id__in=orgs) | Q(counterparty_id__in=orgs) | Q(pk__in=co_owned))


def deal_get(user: Any, deal_id: int) -> Deal:
    deal = deals_visible_to(user).filter(pk=deal_id).first()
    if deal is None:
        raise NotFound("没有这个交易，或您无权查看 / no such deal, or not yours to see")
    return deal


def deal_owner(patent: Patent, user: Any) -> Organisation | None:
    """The patentee who licenses or assigns: the user's own organisation among the owners, else the first owner."""
    owners = list(Organisation.objects.filter(pk__in=patent.owner_org_ids()).order_by("pk"))
    mine = acting_org_ids(user, Capability.PROPOSE, [o.pk for o in owners])
    return next((o for o in owners if o.pk in mine), owners[0] if owners else None)


def proposing_org(user: Any) -> Organisation | None:
    """The organisation the user proposes deals for, when it is not the patentee's side."""
    return Organisation.objects.filter(pk__in=org_ids_with(user, Capability.PROPOSE)).order_by("pk").first()


def default_owner(user: Any, kind: str, patent: Patent | None) -> Organisation | None:
    """The technology side when the caller names none: the patentee for a right (deal_owner), else the caller's
    own organisation (a developer, consultant or service provider)."""
    if kind in RIGHT_KINDS and patent is not None:
        return deal_owner(patent, user)
    return proposing_org(user)


def signed_deals_of(organisation_id: int) -> QuerySet[Deal]:
    """The organisation's signed deals as the technology side: what its income is received under."""
    return (Deal.objects.filter(owner_id=organisation_id, contract__isnull=False)
            .select_related("patent", "counterparty", "contract").order_by("-pk"))


def deals_awaiting(user: Any) -> list[Deal]:
    """Open deals in which this user may take (or confirm) the next step now."""
    open_deals = deals_visible_to(user).exclude(status__in=CLOSED_STATUSES).order_by("updated_at")
    return [deal for deal in open_deals[:AWAITING_SCAN] if user_steps(user, deal)]

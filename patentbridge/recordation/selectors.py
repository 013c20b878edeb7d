"""Reads of recordations and technology contracts."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import Capability, org_ids_with, reads_everything
from patentbridge.recordation.models import (
    ContractStatus,
    Recordation,
    RecordationStatus,
    TechContractRegistration,
    TechContractTransition,
)


def recordation_of(grant_id: int | None) -> Recordation | None:
    """The recordation (or transfer registration) of a grant, if it has one."""
    if grant_id is None:
        return None
    return Recordation.objects.select_related("grant").filter(grant_id=grant_id).first()


def contracts_visible_to(user: Any) -> QuerySet[TechContractRegistration]:
    """Technology contracts the user may read: their parties' members who may read, the regulator, platform admins."""
    history = Prefetch("transitions", queryset=TechContractTransition.objects.select_related("actor"))
    contracts = TechContractRegistration.objects.select_related("patent", "seller", "buyer", "city").prefetch_related(
        history)
    if reads_everything(user):
        return contracts
    orgs = org_ids_with(user, Capability.READ)
    return contracts.filter(Q(seller_id__in=orgs) | Q(buyer_id__in=orgs))


def contract_get(user: Any, contract_id: int) -> TechContractRegistration:
    contract = contracts_visible_to(user).filter(pk=contract_id).first()
    if contract is None:
        raise NotFound(_("No such technology contract, or not yours to see."))
    return contract


def contract_history(contract: TechContractRegistration) -> list[TechContractTransition]:
    """Its steps, oldest first (read with the contract by contracts_visible_to, else now)."""
    if "transitions" in getattr(contract, "_prefetched_objects_cache", {}):
        return list(contract.transitions.all())
    return list(contract.transitions.select_related("actor"))


def recordations_to_file(organisation_ids: set[int]) -> QuerySet[Recordation]:
    """Recordations of these organisations' contracts not yet recorded (drafts and refusals), soonest deadline first."""
    return (Recordation.objects.filter(Q(licensor_id__in=organisation_ids) | Q(licensee_id__in=organisation_ids),
                                       status__in=(RecordationStatus.DRAFT, RecordationStatus.REFUSED))
            .select_related("patent").order_by("deadline", "pk"))


def contracts_held() -> QuerySet[TechContractRegistration]:
    """Technology contracts held for the regulator's confirmation before they count."""
    return TechContractRegistration.objects.filter(status=ContractStatus.HELD).order_by("pk")

"""Reads of open-licence declarations and licences."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from patentbridge.licensing.models import DeclarationStatus, OpenLicenceDeclaration
from patentbridge.patents.models import Patent


def standing_declarations() -> QuerySet[OpenLicenceDeclaration]:
    return OpenLicenceDeclaration.objects.filter(status=DeclarationStatus.STANDING)


def open_licensed_ids(patent_ids: Iterable[int] | None = None) -> set[int]:
    """Patents with a standing declaration (they get the 15 % annual-fee reduction)."""
    query = standing_declarations()
    if patent_ids is not None:
        query = query.filter(patent_id__in=list(patent_ids))
    return set(query.values_list("patent_id", flat=True))


def exclusive_licences_in_force(patent: Patent, today: date) -> bool:
    """A signed sole or exclusive licence whose period includes today (Implementing Rules Art 86(1))."""
    from patentbridge.deals.models import BINDING, EXCLUSIVE_KINDS, Deal

    return Deal.objects.filter(patent=patent, kind__in=EXCLUSIVE_KINDS, status__in=BINDING, starts_on__lte=today,
                               ends_on__gte=today).exists()

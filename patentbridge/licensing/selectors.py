"""Reads of open-licence declarations."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from patentbridge.licensing.models import DeclarationStatus, OpenLicenceDeclaration


def standing_declarations() -> QuerySet[OpenLicenceDeclaration]:
    return OpenLicenceDeclaration.objects.filter(status=DeclarationStatus.STANDING)


def open_licensed_ids(patent_ids: Iterable[int] | None = None) -> set[int]:
    """Patents with a standing declaration (they get the 15 % annual-fee reduction)."""
    query = standing_declarations()
    if patent_ids is not None:
        query = query.filter(patent_id__in=list(patent_ids))
    return set(query.values_list("patent_id", flat=True))

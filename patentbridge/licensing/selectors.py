"""Reads of open-licence declarations and licences."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from patentbridge.core.errors import NotFound
from patentbridge.licensing.models import DeclarationStatus, LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.permissions import Capability, org_ids_with, reads_everything


def standing_declarations() -> QuerySet[OpenLicenceDeclaration]:
    return OpenLicenceDeclaration.objects.filter(status=DeclarationStatus.STANDING)


def licences_visible_to(user: Any) -> QuerySet[OpenLicence]:
    """Only the two parties, the regulator and platform admins see a licence and its terms."""
    licences = OpenLicence.objects.select_related("declaration__patent", "declaration__organisation", "licensee")
    if reads_everything(user):
        return licences
    orgs = org_ids_with(user, Capability.READ)
    return licences.filter(Q(licensee_id__in=orgs) | Q(declaration__organisation_id__in=orgs))


def licence_visible(user: Any, licence_id: int) -> OpenLicence:
    licence = licences_visible_to(user).filter(pk=licence_id).first()
    if licence is None:
        raise NotFound("没有这个许可，或您无权查看 / no such licence, or not yours to see")
    return licence


def licences_taken_by(organisation_ids: set[int]) -> QuerySet[OpenLicence]:
    """Open licences these organisations hold or await (payment due), newest first."""
    return (OpenLicence.objects.filter(licensee_id__in=organisation_ids)
            .exclude(status=LicenceStatus.ENDED)
            .select_related("declaration__patent", "declaration__organisation").order_by("-noticed_at"))

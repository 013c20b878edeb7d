"""The check of one patent of a product against the register and the rights home: is it in force, and by which
right (own, licensed in, transferred in) does the filer use it today? Used when filing, at review, and by the
yearly re-check that prompts revocation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.products.models import PatentBasis
from patentbridge.rights.models import LICENCES, OWNERSHIP, Grant, GrantStatus


@dataclass
class PatentCheck:
    """The outcome for one patent: the basis and grant when the filer holds a right, else the reason it fails."""

    patent: Patent
    basis: str = ""
    grant: Grant | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def basis_label(self) -> str:
        return str(PatentBasis(self.basis).label) if self.basis else ""


def in_force(patent: Patent, today: dt.date) -> bool:
    """In force on the register and not past its term."""
    return patent.legal_status == LegalStatus.IN_FORCE and (patent.expiry_date is None or patent.expiry_date >= today)


def _transfer_in(patent: Patent, filer_id: int, today: dt.date) -> Grant | None:
    """The recorded transfer or equity contribution that made the filer the patent's owner."""
    return (Grant.objects.filter(patent=patent, kind__in=OWNERSHIP, grantee_id=filer_id, status=GrantStatus.BINDING,
                                 recorded_on__isnull=False, recorded_on__lte=today)
            .order_by("-recorded_on", "-pk").first())


def _transferred_away(patent: Patent, filer_id: int, since: dt.date | None, today: dt.date) -> bool:
    """A recorded transfer from the filer after it came to own the patent (the register may lag behind it)."""
    grants = Grant.objects.filter(patent=patent, kind__in=OWNERSHIP, grantor_id=filer_id, status=GrantStatus.BINDING,
                                  recorded_on__isnull=False, recorded_on__lte=today)
    if since is not None:
        grants = grants.filter(recorded_on__gt=since)
    return grants.exists()


def _licence_in(patent: Patent, filer_id: int, today: dt.date) -> Grant | None:
    """A binding licence (open licences included) to the filer whose period covers today."""
    return (Grant.objects.filter(patent=patent, kind__in=LICENCES, grantee_id=filer_id, status=GrantStatus.BINDING,
                                 starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by("-starts_on", "-pk").first())


def check_patent(patent: Patent, filer_id: int, today: dt.date) -> PatentCheck:
    """Whether the filer may list the patent in a product today, and on which basis."""
    number = patent.display_number
    if not in_force(patent, today):
        return PatentCheck(patent, problem=_("%(number)s is not in force (%(status)s).") % {
            "number": number, "status": patent.get_legal_status_display()})
    transfer = _transfer_in(patent, filer_id, today)
    owner = filer_id in patent.owner_org_ids() or transfer is not None
    if owner and not _transferred_away(patent, filer_id, transfer.recorded_on if transfer else None, today):
        if transfer is not None:
            return PatentCheck(patent, PatentBasis.TRANSFERRED, transfer)
        return PatentCheck(patent, PatentBasis.OWN)
    licence = _licence_in(patent, filer_id, today)
    if licence is not None:
        return PatentCheck(patent, PatentBasis.LICENSED, licence)
    return PatentCheck(patent, problem=_("%(number)s: the filer is neither its owner nor holds a licence in force "
                                         "or a recorded transfer of it.") % {"number": number})

"""What counts as a patent's conversion (licensed, transferred or invested), shared by the apps above deals that count
conversions (the regulator's figures, the industry statistics) so that they count the same thing."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from patentbridge.deals.models import RIGHT_KINDS, Deal, DealStatus
from patentbridge.licensing.models import LicenceStatus, OpenLicence

# A deal counts once the law's binding step is behind it: its licence recorded or its transfer registered.
CONVERTED_DEAL_STATUSES = (DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED)
CONVERTED_LICENCE_STATUSES = (LicenceStatus.ACTIVE, LicenceStatus.ENDED)


def converted_between_q(start: dt.date, end: dt.date, patent: str = "patent") -> Q:
    """The patent (an OuterRef path) was licensed (open or negotiated), transferred or invested with effect in
    [start, end]: a deal's registration date, else its start; an open licence's start."""
    deals = (Deal.objects.filter(status__in=CONVERTED_DEAL_STATUSES, kind__in=RIGHT_KINDS, patent=OuterRef(patent))
             .annotate(on=Coalesce("registered_on", "starts_on")).filter(on__range=(start, end)))
    taken = OpenLicence.objects.filter(status__in=CONVERTED_LICENCE_STATUSES, declaration__patent=OuterRef(patent),
                                       starts_on__range=(start, end))
    return Q(Exists(deals)) | Q(Exists(taken))

"""An agency's quality figures, computed from the patent register (docs/tendering.md gives the method).

Every figure carries its numerator and denominator, or says why it has none: too few decided applications to judge,
or a fact the register does not hold.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.patents.models import LegalEvent, LegalStatus, Patent, PatentType

# Statuses that only a granted patent can have; a grant number or date proves the grant as well.
GRANTED_STATUSES = (LegalStatus.IN_FORCE, LegalStatus.LAPSED_FEES, LegalStatus.EXPIRED, LegalStatus.INVALIDATED)
# An application refused or withdrawn before grant. "Lapsed" and "abandoned" without proof of grant are left out:
# the exports use them both before and after grant.
REFUSED_STATUSES = (LegalStatus.REJECTED, LegalStatus.WITHDRAWN)
LAPSED_STATUSES = (LegalStatus.LAPSED_FEES, LegalStatus.LAPSED, LegalStatus.ABANDONED)
LAPSE_WORDS = ("Lapsed", "失效", "终止", "未缴年费")
INVALIDATION_WORDS = ("无效宣告", "宣告无效", "全部无效", "invalidat")
LAPSE_WINDOW_YEARS = 3
# The quality score's parts (docs/tendering.md): grant rate, share NOT lapsed within 3 years, share NOT invalidated.
SCORE_WEIGHTS = {"grant_rate": Decimal(60), "lapsed_3y": Decimal(20), "invalidated": Decimal(20)}
NOT_IN_REGISTER = _("not in the register")
TOO_FEW = _("too few to judge")
NONE_TO_COUNT = _("none to count")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    value: Decimal | None  # a share in per cent, or days
    numerator: int | None
    denominator: int | None
    unit: str = "%"
    note: Any = ""


@dataclass(frozen=True)
class AgencyQuality:
    agency_name: str
    applications: int  # invention applications in the register under the agency's name
    decided: int
    judged: bool
    figures: list[Figure] = field(default_factory=list)
    score: Decimal | None = None

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _pct(numerator: int, denominator: int) -> Decimal:
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _is_granted(row: dict[str, Any]) -> bool:
    return bool(row["grant_number"] or row["grant_date"]) or row["legal_status"] in GRANTED_STATUSES


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _share(key: str, label: Any, numerator: int, denominator: int, *, judged: bool, empty: Any) -> Figure:
    if not judged:
        return Figure(key, label, None, numerator, denominator, note=TOO_FEW)
    if denominator == 0:
        return Figure(key, label, None, 0, 0, note=empty)
    return Figure(key, label, _pct(numerator, denominator), numerator, denominator)


def agency_quality(agency_name: str, *, today: dt.date | None = None) -> AgencyQuality:
    """The figures of the invention applications the register holds under this agency's name."""
    today = today or timezone.localdate()
    rows = list(Patent.objects.filter(agency=agency_name, patent_type=PatentType.INVENTION)
                .values("pk", "legal_status", "grant_number", "grant_date", "application_date"))
    granted = [r for r in rows if _is_granted(r)]
    refused = [r for r in rows if not _is_granted(r) and r["legal_status"] in REFUSED_STATUSES]
    decided = len(granted) + len(refused)
    judged = decided >= settings.TENDER_MIN_DECIDED
    figures = [
        _share("grant_rate", _("grant rate of invention applications (granted ÷ decided)"), len(granted), decided,
               judged=judged, empty=NONE_TO_COUNT),
        _time_to_grant(granted, judged),
        Figure("claims", _("claims per granted patent"), None, None, None, unit="", note=NOT_IN_REGISTER),
        _lapsed_within_window(granted, judged, today),
        _invalidated(granted, judged),
    ]
    quality = AgencyQuality(agency_name, len(rows), decided, judged, figures)
    return AgencyQuality(agency_name, len(rows), decided, judged, figures, quality_score(quality))


def _time_to_grant(granted: list[dict[str, Any]], judged: bool) -> Figure:
    label = _("median time to grant (days)")
    days = [(r["grant_date"] - r["application_date"]).days for r in granted if r["grant_date"] and r["application_date"]]
    if not judged:
        return Figure("time_to_grant", label, None, None, len(days), unit="days", note=TOO_FEW)
    if not days:
        return Figure("time_to_grant", label, None, None, 0, unit="days", note=_("no grant dates in the register"))
    return Figure("time_to_grant", label, Decimal(str(statistics.median(days))), None, len(days), unit="days")


def _lapsed_within_window(granted: list[dict[str, Any]], judged: bool, today: dt.date) -> Figure:
    """Of the patents granted at least three years ago, those whose lapse the register dates within three years."""
    label = _("share lapsed within 3 years of grant")
    old = {r["pk"]: r["grant_date"] for r in granted
           if r["grant_date"] and _add_years(r["grant_date"], LAPSE_WINDOW_YEARS) <= today}
    words = Q()
    for word in LAPSE_WORDS:
        words |= Q(description__icontains=word)
    lapses: dict[int, dt.date] = {}
    for patent_id, day in (LegalEvent.objects.filter(words, patent_id__in=old, date__isnull=False,
                                                     patent__legal_status__in=LAPSED_STATUSES)
                           .values_list("patent_id", "date").order_by("date")):
        lapses.setdefault(patent_id, day)
    early = sum(1 for pk, day in lapses.items() if day <= _add_years(old[pk], LAPSE_WINDOW_YEARS))
    return _share("lapsed_3y", label, early, len(old), judged=judged,
                  empty=_("no patent granted 3 years ago with a grant date"))


def _invalidated(granted: list[dict[str, Any]], judged: bool) -> Figure:
    ids = [r["pk"] for r in granted]
    words = Q()
    for word in INVALIDATION_WORDS:
        words |= Q(legal_events__description__icontains=word)
    count = (Patent.objects.filter(pk__in=ids).filter(Q(legal_status=LegalStatus.INVALIDATED) | words)
             .distinct().count())
    return _share("invalidated", _("share invalidated (legal events)"), count, len(ids), judged=judged,
                  empty=NONE_TO_COUNT)


def quality_score(quality: AgencyQuality) -> Decimal | None:
    """0–100: the weighted mean of the grant rate and the shares not lapsed early and not invalidated, over the parts
    with a denominator; None when the agency is too little known to judge."""
    if not quality.judged:
        return None
    total = weight_sum = Decimal(0)
    for key, weight in SCORE_WEIGHTS.items():
        figure = quality.figure(key)
        if figure.value is None:
            continue
        good = figure.value if key == "grant_rate" else Decimal(100) - figure.value
        total += weight * good
        weight_sum += weight
    if not weight_sum:
        return None
    return (total / weight_sum).quantize(Decimal("0.01"), ROUND_HALF_UP)

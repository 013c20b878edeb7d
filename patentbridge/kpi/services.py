"""Writes of the KPI app: the regulator's entry of a year's recordations the platform holds no records of.
Callers own the transaction."""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.kpi import selectors
from patentbridge.kpi.models import RecordationBaseline
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize


def baseline_enter(*, actor: Any, year: int, licences: int, transfers: int, source: str, city: str | None = None,
                   request: Any = None) -> RecordationBaseline:
    """Enter (or correct) a past year's licence recordations and transfer registrations from an outside source. A
    year the platform holds records of is counted from them, so no figure can be entered over them."""
    authorize(actor, Action.KPI_BASELINE_ENTER, request=request)
    errors = {}
    if not 1985 <= year < timezone.localdate().year:  # the Patent Law took effect in 1985; the year must be over
        errors["year"] = _("Enter a past year.")
    for field, value in (("licences", licences), ("transfers", transfers)):
        if value < 0:
            errors[field] = _("A count cannot be negative.")
    if not source.strip():
        errors["source"] = _("Name where the figures come from.")
    office = City.objects.filter(pk=city).first() if city else None
    if city and office is None:
        errors["city"] = _("Unknown city.")
    if errors:
        raise ValidationFailed(details=errors)
    if selectors.recordations_held(year, city):
        raise Conflict(_("The platform holds recordations of %(year)s: that year is counted from them.")
                       % {"year": year}, code="records_held")
    baseline = RecordationBaseline.objects.filter(year=year, city=office).first() or RecordationBaseline(
        year=year, city=office)
    baseline.licences, baseline.transfers, baseline.source = licences, transfers, source.strip()[:300]
    baseline.entered_by = actor
    with set_actor(actor):
        baseline.save()
    return baseline

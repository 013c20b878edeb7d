"""Figures the regulator enters where the platform holds no records (the recordations of the year before the plan)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RecordationBaseline(models.Model):
    """Licence recordations and transfer registrations of a year the platform holds no records of (the base year
    2023 of "年均增长10%"), as the regulator entered them from an outside source; Guangdong-wide when no city."""

    year = models.PositiveSmallIntegerField(_("year"))
    city = models.ForeignKey("orgs.City", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("city"))
    licences = models.PositiveIntegerField(_("licence-contract recordations"))
    transfers = models.PositiveIntegerField(_("transfer registrations"))
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["year", "city"]
        verbose_name = _("recordation baseline")
        verbose_name_plural = _("recordation baselines")
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=Q(city__isnull=True), name="kpi_baseline_once_province"),
            models.UniqueConstraint(fields=["year", "city"], condition=Q(city__isnull=False),
                                    name="kpi_baseline_once_city"),
            models.CheckConstraint(condition=~Q(source=""), name="kpi_baseline_source_named"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.city_id or '44'}"

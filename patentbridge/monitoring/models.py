"""The accounts a regulator enters for the patent-intensive industries (rules.md §6.1): year-end employees and the four
income-approach components of value added per category × city × year, each region's GDP, and the weights of partially
included (`*`) small classes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry
from patentbridge.orgs.models import City

# Amounts are entered in RMB 10,000 (万元), the unit of the statistical yearbooks.
MONEY = {"max_digits": 16, "decimal_places": 2}
COMPONENTS = ("compensation", "net_taxes", "depreciation", "surplus")


class Account(models.Model):
    """One entered row: a class, a middle class or a small class (then weighted by its `*` weight) in one city and
    year. Components are entered all four or none; employees may be entered alone."""

    category = models.ForeignKey(IntensiveCategory, on_delete=models.PROTECT, related_name="accounts",
                                 verbose_name=_("patent-intensive category"))
    # Set when the row is one small class's (its category is then that small class's middle class).
    industry = models.ForeignKey(IntensiveIndustry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="accounts", verbose_name=_("small class"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees at year end"), null=True, blank=True)
    compensation = models.DecimalField(_("compensation of employees"), null=True, blank=True, **MONEY)
    net_taxes = models.DecimalField(_("net production taxes"), null=True, blank=True, **MONEY)
    depreciation = models.DecimalField(_("depreciation of fixed assets"), null=True, blank=True, **MONEY)
    surplus = models.DecimalField(_("operating surplus"), null=True, blank=True, **MONEY)
    source = models.TextField(_("source"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["year", "city", "category", "industry"]
        verbose_name = _("industry account")
        verbose_name_plural = _("industry accounts")
        constraints = [
            models.UniqueConstraint(fields=["category", "city", "year"], condition=Q(industry__isnull=True),
                                    name="monitoring_account_category_once"),
            models.UniqueConstraint(fields=["industry", "city", "year"], condition=Q(industry__isnull=False),
                                    name="monitoring_account_industry_once"),
            models.CheckConstraint(
                condition=Q(compensation__isnull=True, net_taxes__isnull=True, depreciation__isnull=True,
                            surplus__isnull=True)
                | Q(compensation__isnull=False, net_taxes__isnull=False, depreciation__isnull=False,
                    surplus__isnull=False), name="monitoring_account_components_together"),
            models.CheckConstraint(condition=Q(compensation__isnull=True) | Q(compensation__gte=0, depreciation__gte=0),
                                   name="monitoring_account_compensation_depreciation_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="monitoring_account_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.industry_id or self.category_id} {self.city_id} {self.year}"

    @property
    def has_components(self) -> bool:
        return self.compensation is not None


class RegionalGdp(models.Model):
    """A city's GDP for a year, or the province's (no city), the denominator of the value-added share."""

    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(_("year"))
    gdp = models.DecimalField(_("GDP"), **MONEY)
    source = models.TextField(_("source"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["year", "city"]
        verbose_name = _("regional GDP")
        verbose_name_plural = _("regional GDP")
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], condition=Q(city__isnull=False),
                                    name="monitoring_gdp_city_once"),
            models.UniqueConstraint(fields=["year"], condition=Q(city__isnull=True),
                                    name="monitoring_gdp_province_once"),
            models.CheckConstraint(condition=Q(gdp__gt=0), name="monitoring_gdp_positive"),
            models.CheckConstraint(condition=~Q(source=""), name="monitoring_gdp_has_source"),
        ]

    def __str__(self) -> str:
        return f"GDP {self.city_id or '44'} {self.year}"


class InclusionWeight(models.Model):
    """The share of a partially included (`*`) small class counted as patent-intensive; a small class without a row
    counts in full. The bundled 2019 table marks no class with `*` (its SOURCE.md), so none is set by default."""

    industry = models.OneToOneField(IntensiveIndustry, primary_key=True, on_delete=models.CASCADE,
                                    related_name="inclusion", verbose_name=_("small class"))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=4)
    source = models.TextField(_("source"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["industry"]
        verbose_name = _("partial-inclusion weight")
        verbose_name_plural = _("partial-inclusion weights")
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0) & Q(weight__lte=1),
                                              name="monitoring_inclusion_weight_fraction")]

    def __str__(self) -> str:
        return f"{self.industry_id} × {self.weight}"

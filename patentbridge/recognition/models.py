"""Recognition of patent-intensive products (专利密集型产品认定): application → review → recognition → public notice, re-
checked each year. The criteria of T/PPAC 402-2022 and GB/T 46961-2025 were not retrieved (rules.md §7,
rules-round2.md §7), so they are editable settings whose figures the administrator enters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.products.models import Product, ProductYear


class RecognitionStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IN_NOTICE = "in_notice", _("In public notice")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed at re-check")


class Recognition(models.Model):
    """One product's recognition for one year, judged on that application's data year."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="recognitions",
                                verbose_name=_("product"))
    year = models.PositiveSmallIntegerField(_("recognition year"))
    data = models.ForeignKey(ProductYear, on_delete=models.PROTECT, related_name="recognitions",
                             verbose_name=_("data year"))
    status = models.CharField(_("status"), max_length=10, choices=RecognitionStatus.choices,
                              default=RecognitionStatus.APPLIED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reasons"), blank=True)
    notice_from = models.DateField(_("public notice from"), null=True, blank=True)
    notice_until = models.DateField(_("public notice until"), null=True, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    lapse_reasons = models.JSONField(_("why it lapsed"), default=list, blank=True)
    # The criteria as they stood when decided, with each figure the product showed against them.
    assessment = models.JSONField(_("criteria applied"), default=list, blank=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("patent-intensive product recognition")
        verbose_name_plural = _("patent-intensive product recognitions")
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="recognition_once_a_year"),
            models.CheckConstraint(condition=~Q(status="recognised") | Q(recognised_on__isnull=False),
                                   name="recognition_recognised_has_date"),
            models.CheckConstraint(condition=~Q(status="lapsed") | Q(lapsed_on__isnull=False),
                                   name="recognition_lapsed_has_date"),
            models.CheckConstraint(condition=Q(notice_until__isnull=True) | Q(notice_from__isnull=False)
                                   & Q(notice_until__gte=models.F("notice_from")),
                                   name="recognition_notice_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.year}"


class Standard(models.TextChoices):
    T_PPAC_402_2022 = "T/PPAC 402-2022", _("T/PPAC 402-2022 (group standard)")
    GB_T_46961_2025 = "GB/T 46961-2025", _("GB/T 46961-2025 (national standard)")


class Indicator(models.TextChoices):
    """What a criterion measures, each read from the product's data year (see recognition.assessment)."""

    PATENT_SHARE = "patent_share", _("Share of sales attributable to the patents")
    SALES = "sales", _("Sales of the patent product")
    INVENTION_PATENTS = "invention_patents", _("Invention patents linked")
    IP_INPUT_RATIO = "ip_input_ratio", _("IP input as a share of sales")


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    ABOVE = "gt", ">"
    AT_MOST = "lte", "≤"
    BELOW = "lt", "<"


class Criterion(models.Model):
    """One indicator of a standard with the threshold the administrator entered (empty until verified)."""

    standard = models.CharField(_("standard"), max_length=20, choices=Standard.choices)
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices,
                                  default=Comparator.AT_LEAST)
    threshold = models.DecimalField(_("threshold"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    # Empty: every product category; otherwise only that category, replacing the general row of its indicator.
    category = models.CharField(_("product category"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["standard", "category", "indicator"]
        verbose_name = _("recognition criterion")
        verbose_name_plural = _("recognition criteria")
        constraints = [
            models.UniqueConstraint(fields=["standard", "indicator", "category"], name="criterion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.get_indicator_display()} {self.category}".strip()


class RecognitionSettings(models.Model):
    """The one row of settings the administrator keeps beside the criteria."""

    # Seven days is a placeholder: no rule found states the length of the public notice (rules.md §7).
    notice_days = models.PositiveSmallIntegerField(_("public notice period (days)"), default=7)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("recognition settings")
        verbose_name_plural = _("recognition settings")
        constraints = [
            models.CheckConstraint(condition=Q(notice_days__gte=1) & Q(notice_days__lte=90),
                                   name="recognition_notice_days_range"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    UPHELD = "upheld", _("Upheld")


class Objection(models.Model):
    """An objection received during a recognition's public notice, recorded by the regulator."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="objections",
                                    verbose_name=_("recognition"))
    received_on = models.DateField(_("received on"))
    objector = models.CharField(_("objector"), max_length=200)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(_("status"), max_length=10, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["recognition", "received_on", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.recognition_id}: {self.objector}"


# The lifecycle's one table of allowed steps (who takes each: recognition.services.STEP_ACTIONS).
RECOGNITION_STEPS = frozenset({
    (RecognitionStatus.APPLIED, RecognitionStatus.IN_NOTICE),
    (RecognitionStatus.APPLIED, RecognitionStatus.REFUSED),
    (RecognitionStatus.APPLIED, RecognitionStatus.WITHDRAWN),
    (RecognitionStatus.IN_NOTICE, RecognitionStatus.REFUSED),
    (RecognitionStatus.IN_NOTICE, RecognitionStatus.RECOGNISED),
    (RecognitionStatus.RECOGNISED, RecognitionStatus.LAPSED),
})

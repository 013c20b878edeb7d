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
            models.CheckConstraint(condition=Q(notice_until__isnull=True) | Q(notice_from__isnull=False)
                                   & Q(notice_until__gte=models.F("notice_from")),
                                   name="recognition_notice_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.year}"

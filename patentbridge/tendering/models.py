"""Quality-oriented tendering of patent-agency services (以质量为导向的专利代理招投标): agencies with their practice
registration, a university office's tenders, the agencies' bids, and the award with its reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.orgs.models import Organisation

MONEY = {"max_digits": 14, "decimal_places": 2}


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", _("Practising")
    SUSPENDED = "suspended", _("Suspended from taking new cases")
    REVOKED = "revoked", _("Licence revoked")


class AgencyRegistration(models.Model):
    """An agency's practice licence (专利代理机构执业许可证), entered by the agency's own administrator; public."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="agency_registration",
                                        verbose_name=_("agency"))
    licence_number = models.CharField(_("practice licence number"), max_length=40, unique=True)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.ACTIVE)
    # The firm's name as the patent register writes it, where it differs from the organisation's name.
    register_name = models.CharField(_("name in the patent register"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agency registration")
        verbose_name_plural = _("agency registrations")

    def __str__(self) -> str:
        return f"{self.organisation.name} ({self.licence_number})"

    @property
    def name_in_register(self) -> str:
        return self.register_name or self.organisation.name


class TenderStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("tender status", "Open")
    AWARDED = "awarded", pgettext_lazy("tender status", "Awarded")
    CANCELLED = "cancelled", pgettext_lazy("tender status", "Cancelled")


class Tender(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tenders",
                                     verbose_name=_("tendering institution"))
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope of the services"))
    period_start = models.DateField(_("service period from"))
    period_end = models.DateField(_("service period to"))
    bid_deadline = models.DateTimeField(_("deadline for bids"))
    price_weight = models.PositiveSmallIntegerField(_("price weight (%)"))
    quality_weight = models.PositiveSmallIntegerField(_("quality weight (%)"))
    min_quality = models.DecimalField(_("minimum quality score"), max_digits=5, decimal_places=2, null=True,
                                      blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TenderStatus.choices, default=TenderStatus.OPEN,
                              db_index=True)
    awarded_bid = models.OneToOneField("Bid", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("awarded bid"))
    award_reasons = models.TextField(_("reasons for the award"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("published by"))
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.CheckConstraint(condition=Q(price_weight__lte=100) & Q(quality_weight__lte=100)
                                   & Q(price_weight=100 - F("quality_weight")), name="tender_weights_sum_to_100"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="tender_period_ordered"),
            models.CheckConstraint(condition=Q(min_quality__isnull=True)
                                   | Q(min_quality__gte=0, min_quality__lte=100), name="tender_min_quality_0_100"),
            models.CheckConstraint(condition=~Q(status="awarded") | Q(awarded_bid__isnull=False),
                                   name="tender_award_names_a_bid"),
        ]

    def __str__(self) -> str:
        return self.title


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids", verbose_name=_("tender"))
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids", verbose_name=_("agency"))
    price = models.DecimalField(_("price (RMB)"), **MONEY)
    offer = models.TextField(_("offer"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        ordering = ["price", "pk"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["tender", "agency"], name="one_bid_per_agency_per_tender"),
            models.CheckConstraint(condition=Q(price__gt=0), name="bid_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.price}"

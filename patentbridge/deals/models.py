"""Negotiated deals: ordinary, sole and exclusive licences, transfers (assignment) and equity investment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent


class DealKind(models.TextChoices):
    ORDINARY_LICENCE = "ordinary_licence", _("Ordinary licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    TRANSFER = "transfer", _("Transfer (assignment)")
    EQUITY = "equity", _("Equity investment")


LICENCE_KINDS = (DealKind.ORDINARY_LICENCE, DealKind.SOLE_LICENCE, DealKind.EXCLUSIVE_LICENCE)
EXCLUSIVE_KINDS = (DealKind.SOLE_LICENCE, DealKind.EXCLUSIVE_LICENCE)


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded / registered")
    PERFORMING = "performing", _("Performing")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


# A deal in these states binds the patent: it blocks conflicting exclusive grants and open-licence declarations.
BINDING = (DealStatus.SIGNED, DealStatus.RECORDED, DealStatus.PERFORMING)


class Deal(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DealKind.choices)
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="deals")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_owner")
    counterparty = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_counterparty")
    territory = models.CharField(_("territory"), max_length=100, default="中国")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(_("contract amount (RMB)"), max_digits=14, decimal_places=2, default=0)
    terms = models.TextField(_("terms"), blank=True)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.DRAFT)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=F("starts_on")), name="deal_period_ordered"),
            models.CheckConstraint(condition=~Q(kind__in=["ordinary_licence", "sole_licence", "exclusive_licence"])
                                   | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
                                   name="licence_has_a_period"),
            models.CheckConstraint(condition=~Q(owner=F("counterparty")), name="deal_between_two_parties"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.patent} → {self.counterparty}"


class DealTransition(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

"""Negotiated deals: ordinary, sole and exclusive licences, transfers (assignment) and equity investment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation, Region
from patentbridge.patents.models import Patent
from patentbridge.rights.models import Grant


class DealKind(models.TextChoices):
    ORDINARY_LICENCE = "ordinary_licence", _("Ordinary licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    TRANSFER = "transfer", _("Transfer (assignment)")
    EQUITY = "equity", _("Equity investment")


LICENCE_KINDS = (DealKind.ORDINARY_LICENCE, DealKind.SOLE_LICENCE, DealKind.EXCLUSIVE_LICENCE)


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded / registered")
    PERFORMING = "performing", _("Performing")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")



class Deal(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DealKind.choices)
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="deals")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_owner")
    counterparty = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_counterparty")
    territory = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory"))
    # The territory's code interval, copied so that PostgreSQL can exclude overlapping grants by itself.
    territory_lo = models.PositiveIntegerField(editable=False)
    territory_hi = models.PositiveIntegerField(editable=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(_("contract amount (RMB)"), max_digits=14, decimal_places=2, default=0)
    terms = models.TextField(_("terms"), blank=True)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.DRAFT)
    # Raised at every step: a confirmation counts only for the step from the status it was given in.
    round = models.PositiveIntegerField(default=1, editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # The right the deal grants, from its signing: what binds the patent is read there (rights app).
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="deal", editable=False)
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
            models.CheckConstraint(condition=Q(territory_lo__lte=F("territory_hi")), name="deal_territory_span"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.patent} → {self.counterparty}"

    @property
    def recordation(self):  # noqa: ANN201 - the recordation app's model, reached through the grant
        """The recordation (or transfer registration) of this one's grant, if any."""
        return getattr(self.grant, "recordation", None) if self.grant_id else None

    @property
    def tech_contract(self):  # noqa: ANN201
        return getattr(self.grant, "tech_contract", None) if self.grant_id else None

    def consenting_org_ids(self) -> list[int]:
        """Whose confirmation binds the deal: the counterparty, the licensor, and for anything but an ordinary
        licence every co-owner organisation of the patent (Patent Law Art 14)."""
        owners = self.patent.owner_org_ids() if self.kind != DealKind.ORDINARY_LICENCE else []
        return list(dict.fromkeys([self.owner_id, *owners, self.counterparty_id]))


class DealConsent(models.Model):
    """One organisation's confirmation of a binding step, given by a member who may commit it."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="consents")
    round = models.PositiveIntegerField()
    step = models.CharField(max_length=12, choices=DealStatus.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["deal", "round", "step", "organisation"],
                                               name="one_consent_per_org_step_round")]


class DealTransition(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

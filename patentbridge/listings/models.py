"""Listed transfers (挂牌转让): a seller lists a patent at an exchange (the venue) at a fixed price for a period of
working days; organisations express interest; at the end, one interested party agrees at the listed price, two or
more go to competitive bidding (the auctions app), none lets the seller relist.

Rules (rules-round2 §2.2): an SOE's first listing price is at least the appraisal (企业国有资产法 Art 55, 78号); the
period is 10 working days, 20 above RMB 10 m (国资厅发产权〔2013〕78号 as reported, [S]); 2+ intended buyers ⇒
bidding (企业国有资产法 Art 54 [V]); a relisting below 90 % of the appraisal needs the approver's written consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.deals.models import LICENCE_KINDS, Deal, DealKind
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 16, "decimal_places": 2}


class ListingKind(models.TextChoices):
    TRANSFER = "transfer", _("Transfer")
    LICENCE = "licence", _("Licence")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("listing status", "Draft")
    LISTED = "listed", pgettext_lazy("listing status", "Listed")
    AGREED = "agreed", pgettext_lazy("listing status", "Agreed with the one interested party")
    BIDDING = "bidding", pgettext_lazy("listing status", "Sent to competitive bidding")
    NO_INTEREST = "no_interest", pgettext_lazy("listing status", "Ended without interest")
    BID_SOLD = "bid_sold", pgettext_lazy("listing status", "Sold at competitive bidding")
    BID_FAILED = "bid_failed", pgettext_lazy("listing status", "Competitive bidding ended without a sale")
    WITHDRAWN = "withdrawn", pgettext_lazy("listing status", "Withdrawn")


LICENCE_CHOICES = [(kind.value, kind.label) for kind in LICENCE_KINDS]
LIVE_STATUSES = (ListingStatus.LISTED, ListingStatus.BIDDING)


def approval_path(instance: Listing, filename: str) -> str:
    return f"listings/{instance.number}/{filename}"


class Listing(models.Model):
    """One listing of one patent, from its draft to its outcome."""

    number = models.CharField(_("listing number"), max_length=20, unique=True)
    seller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listings_sold",
                               verbose_name=_("seller"))
    venue = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listings_hosted",
                              verbose_name=_("exchange (venue)"))
    # Who disposes in the seller's place under `authority` (a pledgee bank): it manages the listing as the seller does.
    agent = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="listings_disposed", verbose_name=_("disposing party"))
    authority = models.TextField(_("authority to dispose"), blank=True)
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="listings", verbose_name=_("patent"))
    kind = models.CharField(_("kind"), max_length=8, choices=ListingKind.choices, default=ListingKind.TRANSFER)
    licence_kind = models.CharField(_("licence kind"), max_length=20, choices=LICENCE_CHOICES, blank=True)
    licence_starts_on = models.DateField(_("licence from"), null=True, blank=True)
    licence_ends_on = models.DateField(_("licence until"), null=True, blank=True)
    appraisal_value = models.DecimalField(_("appraisal value (RMB)"), null=True, blank=True, **MONEY)
    appraisal_report = models.CharField(_("appraisal report reference"), max_length=200, blank=True)
    approval_number = models.CharField(_("approval or filing number"), max_length=100, blank=True)
    price = models.DecimalField(_("listing price (RMB)"), **MONEY)
    period_days = models.PositiveSmallIntegerField(_("period (working days)"))
    starts_on = models.DateField(_("listed from"), null=True, blank=True)
    ends_on = models.DateField(_("listed until"), null=True, blank=True)
    conditions = models.TextField(_("conditions for transferees"), blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT,
                              db_index=True)
    relist_of = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="relisting", verbose_name=_("relisting of"))
    # A relisting below the share of the appraisal: who approved it, by which document, when, and its scan.
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approval_document = models.CharField(_("approval document number"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_file = models.FileField(_("approval document"), upload_to=approval_path, max_length=300, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    deal = models.ForeignKey(Deal, null=True, blank=True, on_delete=models.PROTECT, related_name="listings",
                             verbose_name=_("deal"))
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="listing_price_positive"),
            models.CheckConstraint(condition=Q(appraisal_value__isnull=True) | Q(appraisal_value__gt=0),
                                   name="listing_appraisal_positive"),
            models.CheckConstraint(condition=Q(period_days__gte=1), name="listing_period_positive"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="listing_period_ordered"),
            models.CheckConstraint(condition=~Q(seller=models.F("venue")), name="listing_venue_not_seller"),
            models.CheckConstraint(condition=Q(kind="transfer", licence_kind="") | (Q(kind="licence")
                                                                                     & ~Q(licence_kind="")),
                                   name="listing_licence_kind_iff_licence"),
            models.CheckConstraint(condition=~Q(status="withdrawn") | ~Q(withdraw_reason=""),
                                   name="listing_withdrawn_with_reason"),
            models.CheckConstraint(condition=Q(deal__isnull=True) | Q(status="agreed"), name="listing_deal_only_agreed"),
            # One patent is on one live listing at a time.
            models.UniqueConstraint(fields=["patent"], condition=Q(status__in=["listed", "bidding"]),
                                    name="one_live_listing_per_patent"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def deal_kind(self) -> str:
        return DealKind.TRANSFER if self.kind == ListingKind.TRANSFER else self.licence_kind

    def manager_org_ids(self) -> list[int]:
        """The organisations that act for the listing: the seller, and the disposing party under an authority."""
        return [pk for pk in (self.seller_id, self.agent_id) if pk is not None]

    def party_org_ids(self) -> list[int]:
        """Those that see who is interested: the managers and the venue."""
        return [*self.manager_org_ids(), self.venue_id]


class ExpressionOfInterest(models.Model):
    """An organisation's registered intention to take the listing (意向受让), with its qualification statement."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="interests",
                                verbose_name=_("listing"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listing_interests",
                                     verbose_name=_("interested party"))
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by"))
    statement = models.TextField(_("qualification statement"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [models.UniqueConstraint(fields=["listing", "organisation"],
                                               name="one_interest_per_organisation")]

    def __str__(self) -> str:
        return f"{self.listing} ← {self.organisation}"


class ListingStep(models.Model):
    """One step of a listing's life: who took it (none when the period's end closed it), and their words."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=12, choices=ListingStatus.choices)
    to_status = models.CharField(max_length=12, choices=ListingStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

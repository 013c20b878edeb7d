"""Online auctions (拍卖) of patents and the exchange's competitive bidding (竞价): the auctioneers' licences and
officers, the lots with their items, the bidders' registrations and deposits, the bids (irrevocable), the refused bids,
each lot's steps, and the sale confirmation (成交确认书). Nothing here is ever deleted: every foreign key PROTECTs and
the records are kept AUCTION_RECORD_RETENTION_YEARS (Auction Law Art 54; judicial-auction rules Art 29)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.listings.models import Listing
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 5, "decimal_places": 2}  # a percentage, 0.00–100.00
MIN_REGISTERED_CAPITAL = Decimal("1000000")  # Auction Law Art 12 (rules-round2 §1.1, [V])


class AuctioneerLicence(models.Model):
    """An auction enterprise's licence (Auction Law Art 11–12), entered by the firm and verified by a regulator."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="auctioneer_licence",
                                        verbose_name=_("auction enterprise"))
    licence_number = models.CharField(_("licence number"), max_length=60, unique=True)
    issued_by = models.CharField(_("issuing provincial department"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    registered_capital = models.DecimalField(_("registered capital (RMB)"), **MONEY)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("auctioneer licence")
        verbose_name_plural = _("auctioneer licences")
        constraints = [
            models.CheckConstraint(condition=Q(registered_capital__gte=MIN_REGISTERED_CAPITAL),
                                   name="auctioneer_capital_at_least_1m"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="auctioneer_licence_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} ({self.licence_number})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.verified_at is not None and self.valid_from <= day <= self.valid_until


class AuctionOfficer(models.Model):
    """A certified auction officer (拍卖师, Auction Law Art 14–16) of an auction enterprise."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="auction_officers",
                                     verbose_name=_("auction enterprise"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="auction_officers",
                             verbose_name=_("officer"))
    certificate_number = models.CharField(_("certificate number"), max_length=60, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("auction officer")
        verbose_name_plural = _("auction officers")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_officer_per_firm_user")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.certificate_number})"


class LotMode(models.TextChoices):
    AUCTION = "auction", _("Auction")
    JUDICIAL = "judicial", _("Judicial auction")
    EXCHANGE_BIDDING = "exchange_bidding", _("Exchange competitive bidding")


class LotStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("lot status", "Draft")
    CONSIGNED = "consigned", pgettext_lazy("lot status", "Consigned")
    ANNOUNCED = "announced", pgettext_lazy("lot status", "Announced")
    BIDDING = "bidding", pgettext_lazy("lot status", "Bidding")
    SOLD = "sold", pgettext_lazy("lot status", "Sold")
    CONFIRMED = "confirmed", pgettext_lazy("lot status", "Confirmation signed")
    PAID = "paid", pgettext_lazy("lot status", "Paid")
    SETTLED = "settled", pgettext_lazy("lot status", "Settled")
    UNSOLD = "unsold", pgettext_lazy("lot status", "Unsold")
    DEFAULTED = "defaulted", pgettext_lazy("lot status", "Buyer in default")
    WITHDRAWN = "withdrawn", pgettext_lazy("lot status", "Withdrawn")


class Lot(models.Model):
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("mode"), max_length=20, choices=LotMode.choices, default=LotMode.AUCTION)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="organised_lots",
                                  verbose_name=_("organiser"))
    consignor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="consigned_lots",
                                  verbose_name=_("consignor"))
    officer = models.ForeignKey(AuctionOfficer, null=True, blank=True, on_delete=models.PROTECT, related_name="lots",
                                verbose_name=_("auction officer"))
    right_kind = models.CharField(_("right sold"), max_length=30, default="transfer")
    licence_starts_on = models.DateField(_("licence from"), null=True, blank=True)
    licence_ends_on = models.DateField(_("licence until"), null=True, blank=True)
    state_owned = models.BooleanField(_("state-owned asset"), default=False)
    # The consignment (Auction Law Art 41–44).
    contract_number = models.CharField(_("consignment contract number"), max_length=60, blank=True)
    contract_signed_on = models.DateField(_("consignment contract signed on"), null=True, blank=True)
    commission_agreed = models.BooleanField(_("commission rates agreed"), default=False)
    consignor_commission_rate = models.DecimalField(_("consignor's commission (%)"), default=Decimal("0"), **RATE)
    buyer_commission_rate = models.DecimalField(_("buyer's commission (%)"), default=Decimal("0"), **RATE)
    authority_document = models.TextField(_("consignor's authority document"), blank=True)
    authority = models.TextField(_("disposal authority recorded by another app"), blank=True)
    pledgee_consent = models.BooleanField(_("pledgee's consent given"), default=False)
    consigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("consignment confirmed by"))
    consigned_at = models.DateTimeField(_("consignment confirmed at"), null=True, blank=True)
    # Prices.
    appraisal_value = models.DecimalField(_("appraisal value"), **MONEY)
    appraisal_report = models.TextField(_("appraisal report"), blank=True)
    start_price = models.DecimalField(_("start price"), **MONEY)
    reserve_price = models.DecimalField(_("reserve price"), null=True, blank=True, **MONEY)
    deposit = models.DecimalField(_("deposit"), **MONEY)
    increment = models.DecimalField(_("bid increment"), **MONEY)
    # Times (the server's clock decides every step).
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    viewing_starts_at = models.DateTimeField(_("viewing from"))
    viewing_ends_at = models.DateTimeField(_("viewing until"))
    viewing_place = models.CharField(_("viewing place or link"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("bidding starts"))
    ends_at = models.DateTimeField(_("bidding ends"))  # moves with each extension
    status = models.CharField(_("status"), max_length=12, choices=LotStatus.choices, default=LotStatus.DRAFT,
                              db_index=True)
    # The listing that went to the exchange's competitive bidding (rules-round2 §2.2).
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="lots",
                                verbose_name=_("listing"))
    # Exchange bidding: only the listing's interested parties may register (empty: anyone qualified).
    invited_bidders = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                             verbose_name=_("invited bidders"))
    relist_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="relists",
                                  verbose_name=_("relist of"))
    # The state of bidding, kept on the lot row that each bid locks.
    current_price = models.DecimalField(_("current price"), null=True, blank=True, **MONEY)
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    winner = models.ForeignKey("Registration", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("winner"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    payment_due_at = models.DateTimeField(_("payment due"), null=True, blank=True)
    balance_reference = models.CharField(_("balance payment reference"), max_length=80, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.CheckConstraint(condition=Q(start_price__gt=0) & Q(increment__gt=0) & Q(deposit__gte=0)
                                   & Q(appraisal_value__gte=0), name="lot_amounts_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="lot_window_ordered"),
            models.CheckConstraint(condition=Q(viewing_ends_at__gt=F("viewing_starts_at")),
                                   name="lot_viewing_ordered"),
            models.CheckConstraint(condition=Q(consignor_commission_rate__gte=0, consignor_commission_rate__lte=100)
                                   & Q(buyer_commission_rate__gte=0, buyer_commission_rate__lte=100),
                                   name="lot_commission_rates_0_100"),
            models.CheckConstraint(condition=~Q(organiser=F("consignor")) | Q(mode="exchange_bidding"),
                                   name="lot_auctioneer_not_consignor"),
        ]

    def __str__(self) -> str:
        return self.title

    def winner_org_id(self) -> int | None:
        return self.winner.organisation_id if self.winner_id else None


class LotItem(models.Model):
    """One patent of a lot, with its share of the lot's appraisal (the price is split by these shares)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="items", verbose_name=_("lot"))
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="lot_items", verbose_name=_("patent"))
    share = models.DecimalField(_("share of the appraisal (%)"), **RATE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lot item")
        verbose_name_plural = _("lot items")
        constraints = [
            models.UniqueConstraint(fields=["lot", "patent"], name="one_item_per_patent_per_lot"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="lot_item_share_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.lot_id}: {self.patent}"


class DepositState(models.TextChoices):
    UNPAID = "unpaid", _("Deposit unpaid")
    PAID = "paid", _("Deposit paid")
    REFUNDED = "refunded", _("Deposit refunded")
    APPLIED = "applied", _("Deposit counted towards the price")
    FORFEITED = "forfeited", _("Deposit forfeited")


class Registration(models.Model):
    """A bidder organisation's registration for a lot, under a bidder code that hides it until bidding ends."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("lot"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="lot_registrations",
                                     verbose_name=_("bidder"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("registered by"))
    code = models.CharField(_("bidder code"), max_length=8)
    deposit_state = models.CharField(_("deposit"), max_length=10, choices=DepositState.choices,
                                     default=DepositState.UNPAID)
    deposit_reference = models.CharField(_("deposit payment reference"), max_length=80, blank=True)
    deposit_paid_at = models.DateTimeField(_("deposit paid at"), null=True, blank=True)
    refund_reference = models.CharField(_("refund reference"), max_length=80, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bidder registration")
        verbose_name_plural = _("bidder registrations")
        constraints = [
            models.UniqueConstraint(fields=["lot", "organisation"], name="one_registration_per_bidder_per_lot"),
            models.UniqueConstraint(fields=["lot", "code"], name="bidder_code_unique_per_lot"),
        ]

    def __str__(self) -> str:
        return self.code


class Bid(models.Model):
    """An accepted bid (Auction Law Art 36: irrevocable). Never changed or deleted."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bids", verbose_name=_("lot"))
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="bids",
                                     verbose_name=_("bidder"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("placed by"))
    amount = models.DecimalField(_("amount"), **MONEY)
    placed_at = models.DateTimeField(_("placed at"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=80)

    class Meta:
        ordering = ["-amount", "-pk"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["registration", "idempotency_key"], name="bid_idempotency_key_unique"),
            # Each accepted bid beats the one before: two equal amounts on a lot mean one was accepted wrongly.
            models.UniqueConstraint(fields=["lot", "amount"], name="bid_amount_unique_per_lot"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="bid_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.code}: {self.amount}"


class BidRefusal(models.Model):
    """A refused bid with its reason, kept although the bid's own transaction was rolled back."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="refusals", verbose_name=_("lot"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    code = models.CharField(_("reason code"), max_length=40)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("refused bid")
        verbose_name_plural = _("refused bids")

    def __str__(self) -> str:
        return f"{self.lot_id}: {self.code}"


class LotStep(models.Model):
    """One step of a lot's lifecycle (the auction record's spine)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="steps", verbose_name=_("lot"))
    from_status = models.CharField(_("from"), max_length=12, choices=LotStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=LotStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lot step")
        verbose_name_plural = _("lot steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Confirmation(models.Model):
    """The sale confirmation (成交确认书, Auction Law Art 52), signed on the platform by the buyer and the auctioneer."""

    lot = models.OneToOneField(Lot, on_delete=models.PROTECT, related_name="confirmation", verbose_name=_("lot"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    price = models.DecimalField(_("hammer price"), **MONEY)
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer"))
    issued_at = models.DateTimeField(_("issued at"))
    buyer_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("signed for the buyer by"))
    buyer_signed_at = models.DateTimeField(_("signed for the buyer at"), null=True, blank=True)
    auctioneer_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+",
                                             verbose_name=_("signed for the auctioneer by"))
    auctioneer_signed_at = models.DateTimeField(_("signed for the auctioneer at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sale confirmation")
        verbose_name_plural = _("sale confirmations")

    def __str__(self) -> str:
        return self.number

    @property
    def signed(self) -> bool:
        return self.buyer_signed_at is not None and self.auctioneer_signed_at is not None

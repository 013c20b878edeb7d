"""Pledge disposal (质押处置): a bank whose registered pledge secures a debt in default sells the patent through the
market (an auction or a listed transfer), takes the proceeds with priority, and the pledge is released once the
transfer is registered. The sale itself is the market apps'; this app keeps the case, its basis, the settlement
statement and the release."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.deals.models import Deal
from patentbridge.orgs.models import City, Organisation
from patentbridge.rights.models import Pledge

MONEY = {"max_digits": 14, "decimal_places": 2}


class DisposalStatus(models.TextChoices):
    DRAFT = "draft", _("Default declared; basis awaited")
    AGREED = "agreed", _("Disposal agreed by the pledgor")
    ORDERED = "ordered", _("Disposal ordered by a court")
    SENT = "sent", _("Sent to sale")
    SOLD = "sold", _("Sold")
    PROCEEDS_SPLIT = "proceeds_split", _("Proceeds split")
    CLOSED = "closed", _("Closed: pledge released")
    WITHDRAWN = "withdrawn", _("Withdrawn: debt repaid")


OPEN_STATUSES = (DisposalStatus.DRAFT, DisposalStatus.AGREED, DisposalStatus.ORDERED, DisposalStatus.SENT,
                 DisposalStatus.SOLD, DisposalStatus.PROCEEDS_SPLIT)


class Basis(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement with the pledgor")
    COURT = "court", _("Court ruling or enforcement document")


class DisposalRoute(models.TextChoices):
    AUCTION = "auction", _("Auction")
    LISTING = "listing", _("Listed transfer")


def ruling_path(instance: PledgeDisposal, filename: str) -> str:
    return f"finance/rulings/{instance.pledge_id}/{filename}"


class PledgeDisposal(models.Model):
    """One disposal of one registered pledge, from the declared default to the release (or the repayment)."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("pledge"))
    # Copied from the pledge when the case opens: who acts, and the city the regulator's overview counts it in.
    bank = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disposals_as_pledgee",
                             verbose_name=_("pledgee"))
    pledgor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disposals_as_pledgor",
                                verbose_name=_("pledgor"))
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("city"))
    debtor_name = models.CharField(_("debtor, where not the pledgor"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DisposalStatus.choices,
                              default=DisposalStatus.DRAFT)
    # the default and the claim
    defaulted_on = models.DateField(_("in default since"))
    principal = models.DecimalField(_("outstanding principal (RMB)"), **MONEY)
    interest = models.DecimalField(_("interest and penalties (RMB)"), **MONEY)
    enforcement_costs = models.DecimalField(_("costs of enforcing the pledge (RMB)"), **MONEY)
    secured_amount = models.DecimalField(_("amount the registered pledge secures (RMB)"), **MONEY)
    scope_clause = models.CharField(_("clause of the pledge contract securing the whole claim"), max_length=300,
                                    blank=True, help_text=_("Leave empty: the claim is secured up to the "
                                                            "registered amount."))
    # the basis of the right to dispose
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("agreed for the pledgor by"))
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    ruling_number = models.CharField(_("ruling or enforcement document number"), max_length=100, blank=True)
    ruling_date = models.DateField(_("ruling date"), null=True, blank=True)
    ruling_file = models.FileField(_("ruling file"), upload_to=ruling_path, max_length=300, blank=True)
    # the sale
    route = models.CharField(_("route"), max_length=10, choices=DisposalRoute.choices, blank=True)
    # The market's lot or listing (its id: auctions.Lot or listings.Listing, by the route).
    sale_id = models.PositiveIntegerField(_("lot or listing"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    deal = models.ForeignKey(Deal, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("sale deal"))
    price = models.DecimalField(_("sale price (RMB)"), null=True, blank=True, **MONEY)
    sold_at = models.DateTimeField(_("sold at"), null=True, blank=True)
    # the settlement statement, frozen when the bank confirms it
    sale_commission = models.DecimalField(_("commission of the sale (RMB)"), null=True, blank=True, **MONEY)
    sale_other_costs = models.DecimalField(_("other costs of the sale (RMB)"), null=True, blank=True, **MONEY)
    sale_costs_note = models.CharField(_("what the costs are"), max_length=300, blank=True)
    statement = models.JSONField(_("settlement statement"), default=list, blank=True)
    costs_part = models.DecimalField(_("to the costs of the sale"), null=True, blank=True, **MONEY)
    bank_part = models.DecimalField(_("to the pledgee"), null=True, blank=True, **MONEY)
    pledgor_part = models.DecimalField(_("to the pledgor"), null=True, blank=True, **MONEY)
    shortfall = models.DecimalField(_("claim left unpaid (unsecured)"), null=True, blank=True, **MONEY)
    statement_confirmed_at = models.DateTimeField(_("statement confirmed at"), null=True, blank=True)
    statement_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+",
                                               verbose_name=_("statement confirmed by"))
    # the end
    released_on = models.DateField(_("pledge released on"), null=True, blank=True)
    repayment_note = models.CharField(_("proof of repayment"), max_length=500, blank=True)
    repayment_shown_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+", verbose_name=_("repayment shown by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("pledge disposal")
        verbose_name_plural = _("pledge disposals")
        constraints = [
            models.UniqueConstraint(fields=["pledge"], condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                                    name="one_open_disposal_per_pledge"),
            models.CheckConstraint(condition=Q(principal__gt=0) & Q(interest__gte=0) & Q(enforcement_costs__gte=0)
                                   & Q(secured_amount__gt=0), name="disposal_claim_non_negative"),
            models.CheckConstraint(condition=~Q(bank=F("pledgor")), name="disposal_between_two_parties"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0), name="disposal_price_non_negative"),
            models.CheckConstraint(condition=(Q(costs_part__isnull=True) | Q(costs_part__gte=0))
                                   & (Q(bank_part__isnull=True) | Q(bank_part__gte=0))
                                   & (Q(pledgor_part__isnull=True) | Q(pledgor_part__gte=0))
                                   & (Q(shortfall__isnull=True) | Q(shortfall__gte=0)),
                                   name="disposal_parts_non_negative"),
            # A confirmed statement has every part, and its parts add up to the price, to the fen.
            models.CheckConstraint(condition=Q(statement_confirmed_at__isnull=True)
                                   | Q(price__isnull=False, costs_part__isnull=False, bank_part__isnull=False,
                                       pledgor_part__isnull=False, shortfall__isnull=False,
                                       price=F("costs_part") + F("bank_part") + F("pledgor_part")),
                                   name="disposal_parts_add_up_to_the_price"),
            models.CheckConstraint(condition=~Q(status__in=["agreed", "ordered", "sent", "sold", "proceeds_split",
                                                            "closed"]) | ~Q(basis=""),
                                   name="disposal_sent_with_a_basis"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def claim(self) -> Decimal:
        return self.principal + self.interest + self.enforcement_costs

    @property
    def secured_claim(self) -> Decimal:
        """The part of the claim the pledge secures: all of it where the contract says so, else up to the
        registered amount."""
        return self.claim if self.scope_clause else min(self.claim, self.secured_amount)

    def party_org_ids(self) -> list[int]:
        return [self.bank_id, self.pledgor_id]


class DisposalStep(models.Model):
    """Each step of a case: who took it, when, and why (the case's own history beside the audit trail)."""

    disposal = models.ForeignKey(PledgeDisposal, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=DisposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DisposalStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("disposal step")
        verbose_name_plural = _("disposal steps")

"""Inventor revenue (收益分配, rules.md §3): the institution's reward policy checked against the statutory floors,
income from deals, its net, the reward pool, each inventor's share, and the ledger of payments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import WITHHELD_NAME

PERCENT = {"max_digits": 5, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}


class JurisdictionFloor(models.Model):
    """Statutory floors per jurisdiction. National: 促进科技成果转化法 Art 45 and 国发〔2016〕16号 [V]/[S].
    Guangdong: 60 % or 70 % in the sources [U], so it enforces the national floors and flags policies below
    `review_below` for manual review instead of refusing them."""

    code = models.SlugField(unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    licence_floor = models.DecimalField(_("licence / transfer floor (%)"), **PERCENT)
    equity_floor = models.DecimalField(_("equity floor (%)"), **PERCENT)
    profit_floor = models.DecimalField(_("operating-profit floor (%)"), **PERCENT)
    main_contributor_floor = models.DecimalField(_("main contributors' floor (%)"), **PERCENT)
    review_below = models.DecimalField(_("flag licence share below (%)"), null=True, blank=True, **PERCENT)
    source = models.TextField(verbose_name=_("source"))
    verified = models.BooleanField(default=False, verbose_name=_("verified"))

    class Meta:
        verbose_name = _("jurisdiction floor")
        verbose_name_plural = _("jurisdiction floors")

    def __str__(self) -> str:
        return self.name


class RewardPolicy(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="reward_policy", verbose_name=_("organisation"))
    jurisdiction = models.ForeignKey(JurisdictionFloor, on_delete=models.PROTECT, verbose_name=_("jurisdiction"))
    licence_share = models.DecimalField(_("share of licence / transfer net income (%)"), **PERCENT)
    equity_share = models.DecimalField(_("share of equity (%)"), **PERCENT)
    profit_share = models.DecimalField(_("share of operating profit (%)"), **PERCENT)
    profit_years = models.PositiveSmallIntegerField(_("years of profit sharing"), default=3)
    main_contributor_share = models.DecimalField(_("main contributors' part of the reward (%)"), **PERCENT)
    deductions = models.JSONField(_("deductions from income"), default=list, blank=True,
                                  help_text=_('e.g. [{"name": "税费", "percent": "6"}, {"name": "评估费", '
                                              '"amount": "5000"}]'))
    needs_review = models.BooleanField(default=False, editable=False, verbose_name=_("needs review"))
    review_reason = models.CharField(max_length=300, blank=True, editable=False, verbose_name=_("review reason"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("updated by"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("reward policy")
        verbose_name_plural = _("reward policies")
        constraints = [
            models.CheckConstraint(condition=Q(licence_share__gte=0, licence_share__lte=100)
                                   & Q(equity_share__gte=0, equity_share__lte=100)
                                   & Q(profit_share__gte=0, profit_share__lte=100)
                                   & Q(main_contributor_share__gte=0, main_contributor_share__lte=100),
                                   name="reward_policy_percentages"),
            models.CheckConstraint(condition=Q(profit_years__gte=3, profit_years__lte=5), name="reward_profit_years"),
        ]


class IncomeKind(models.TextChoices):
    LICENCE = "licence", _("Licence")
    TRANSFER = "transfer", _("Transfer")
    EQUITY = "equity", _("Equity investment")
    PROFIT = "profit", _("Operating profit from own or joint implementation")


class Income(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incomes")
    kind = models.CharField(max_length=10, choices=IncomeKind.choices)
    description = models.CharField(max_length=300)
    open_licence = models.ForeignKey("licensing.OpenLicence", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="incomes")
    deal = models.ForeignKey("deals.Deal", null=True, blank=True, on_delete=models.PROTECT, related_name="incomes")
    received_on = models.DateField()
    gross = models.DecimalField(_("amount received"), **MONEY)
    deductions = models.JSONField(default=list, blank=True)
    net = models.DecimalField(_("net income"), **MONEY)
    reward_rate = models.DecimalField(**PERCENT)
    reward_pool = models.DecimalField(**MONEY)
    allocated = models.DecimalField(_("allocated to inventors"), default=0, editable=False, **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(gross__gte=0) & Q(net__gte=0) & Q(net__lte=models.F("gross"))
                                              & Q(reward_pool__gte=0) & Q(reward_pool__lte=models.F("net")),
                                              name="income_amounts_consistent"),
                       # The sum of the income's shares, kept by the allocation service under a row lock.
                       models.CheckConstraint(condition=Q(allocated__gte=0) & Q(allocated__lte=models.F("reward_pool")),
                                              name="income_allocated_within_pool"),
                       # One receipt is recorded once: the same source, day and amount (revenue.services.same_income);
                       # a second payment of the same amount on another day is another receipt.
                       models.UniqueConstraint(fields=["open_licence", "received_on", "gross"],
                                               condition=Q(open_licence__isnull=False),
                                               name="one_income_per_licence_day_amount"),
                       models.UniqueConstraint(fields=["deal", "received_on", "gross"], condition=Q(deal__isnull=False),
                                               name="one_income_per_deal_day_amount"),
                       models.UniqueConstraint(fields=["organisation", "kind", "description", "received_on", "gross"],
                                               condition=Q(open_licence__isnull=True, deal__isnull=True),
                                               name="one_unsourced_income_per_day_amount"),
                       models.CheckConstraint(condition=Q(open_licence__isnull=True) | Q(deal__isnull=True),
                                              name="income_from_one_source")]


class InventorShare(models.Model):
    income = models.ForeignKey(Income, on_delete=models.CASCADE, related_name="shares")
    inventor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reward_shares")
    name = models.CharField(max_length=100)
    weight = models.DecimalField(_("share of the reward (%)"), **PERCENT)
    main_contributor = models.BooleanField(default=False)
    amount = models.DecimalField(**MONEY)
    paid = models.DecimalField(_("paid"), default=0, editable=False, **MONEY)
    # The inventor had their information erased; the share stays as an accounting record (PIPL Art 47 ¶2: stored,
    # the name no longer shown or used).
    withheld = models.BooleanField(_("name withheld"), default=False, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["income", "name"], name="one_share_per_inventor_and_income"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="share_amount_not_negative"),
                       # The sum of the share's payments, kept by the payment service under a row lock.
                       models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=models.F("amount")),
                                              name="share_paid_within_amount")]

    @property
    def owed(self) -> Decimal:
        return self.amount - self.paid

    @property
    def name_shown(self) -> str:
        return str(WITHHELD_NAME) if self.withheld else self.name


class RewardPayment(models.Model):
    share = models.ForeignKey(InventorShare, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    paid_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reward_payment_positive")]

"""Rewards for the people who brokered a university–enterprise deal (rules-round2.md §6): each city's policy, entered
by the city's regulator as configuration and versioned by the reward years it covers, and the ledger of
applications, approvals and payments. No Guangdong city's amounts were found, so no figure is built in: every rate,
amount, cap and budget is what the city enters. A deal counts through its confirmed commissioner attribution
(commissioners.Attribution); brokers are recorded on deals nowhere else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.commissioners.models import Attribution
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.orgs.models import City, Organisation

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class Beneficiary(models.TextChoices):
    COMMISSIONER = "commissioner", _("The commissioner in person")
    AGENCY = "agency", _("The commissioner's agency")
    TEAM = "team", _("The commissioner's team")


class AmountBasis(models.TextChoices):
    CONTRACT = "contract", _("Contract amount (year of signing)")
    PAID = "paid", _("Amount actually paid in the year")


class PartyInCity(models.TextChoices):
    ENTERPRISE = "enterprise", _("The enterprise")
    INSTITUTION = "institution", _("The university or institute")
    EITHER = "either", _("Either party")
    NONE = "none", _("No rule")


# The deal statuses in the order a deal reaches them; a terminated deal has reached none.
STATUS_ORDER = (DealStatus.SIGNED, DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED)
MIN_STATUS_CHOICES = [(s.value, s.label) for s in (DealStatus.SIGNED, DealStatus.RECORDED, DealStatus.COMPLETED)]


class MatchmakerPolicy(models.Model):
    """One version of a city's matchmaker reward for one kind of beneficiary, for the reward years first_year to
    last_year (open-ended when last_year is empty)."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="matchmaker_policies",
                             verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    beneficiary = models.CharField(_("rewarded"), max_length=20, choices=Beneficiary.choices)
    basis = models.CharField(_("reckoned on"), max_length=10, choices=AmountBasis.choices)
    first_year = models.PositiveSmallIntegerField(_("first reward year"))
    last_year = models.PositiveSmallIntegerField(_("last reward year"), null=True, blank=True)
    rate = models.DecimalField(_("share of the amount (%)"), max_digits=7, decimal_places=4, default=0)
    fixed_amount = models.DecimalField(_("fixed amount per deal"), default=0, **MONEY)
    deal_cap = models.DecimalField(_("cap per deal"), null=True, blank=True, **MONEY)
    beneficiary_cap = models.DecimalField(_("cap per beneficiary and year"), null=True, blank=True, **MONEY)
    budget = models.DecimalField(_("budget per year"), null=True, blank=True, **MONEY)
    # Empty: every kind; otherwise the DealKind values that count.
    deal_kinds = models.JSONField(_("deal kinds that count"), default=list, blank=True)
    university_enterprise = models.BooleanField(_("between a university or institute and an enterprise"),
                                                default=True)
    party_in_city = models.CharField(_("party registered in the city"), max_length=12, choices=PartyInCity.choices,
                                     default=PartyInCity.ENTERPRISE)
    min_status = models.CharField(_("deal status reached"), max_length=12, choices=MIN_STATUS_CHOICES,
                                  default=DealStatus.SIGNED)
    contract_registered = models.BooleanField(_("technology contract registered"), default=True)
    is_example = models.BooleanField(_("example, not a policy in force"), default=False)
    source = models.TextField(_("source (document and article)"), blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("updated by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["city", "beneficiary", "-first_year"]
        verbose_name = _("matchmaker reward policy")
        verbose_name_plural = _("matchmaker reward policies")
        constraints = [
            models.UniqueConstraint(fields=["city", "beneficiary", "first_year"],
                                    name="mm_policy_version_once"),
            models.CheckConstraint(condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                                   name="mm_policy_years_ordered"),
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lte=100), name="mm_policy_rate_is_percent"),
            models.CheckConstraint(condition=Q(fixed_amount__gte=0)
                                   & (Q(deal_cap__isnull=True) | Q(deal_cap__gte=0))
                                   & (Q(beneficiary_cap__isnull=True) | Q(beneficiary_cap__gte=0))
                                   & (Q(budget__isnull=True) | Q(budget__gte=0)),
                                   name="mm_policy_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.title}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def kind_labels(self) -> list[str]:
        return [str(DealKind(value).label) for value in self.deal_kinds if value in DealKind.values]


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which an application holds (or has received) its reward: one per deal and reward year.
LIVE_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.APPROVED, ApplicationStatus.PAID)
# Statuses whose approved amount is committed from the beneficiary's cap and the year's budget.
COMMITTED_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.PAID)


class MatchmakerApplication(models.Model):
    """A commissioner's application for the reward of one attributed deal for one year under a city's policy, and its
    approval and payment. The policy and the calculation are copied onto it when it is decided."""

    policy = models.ForeignKey(MatchmakerPolicy, on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("policy"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(_("reward year"))
    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="matchmaker_applications",
                             verbose_name=_("deal"))
    attribution = models.ForeignKey(Attribution, on_delete=models.PROTECT, related_name="matchmaker_applications",
                                    verbose_name=_("attribution"))
    beneficiary = models.CharField(_("rewarded"), max_length=20, choices=Beneficiary.choices)
    commissioner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="matchmaker_applications",
                                     verbose_name=_("commissioner"))
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="matchmaker_applications",
                               verbose_name=_("agency"))
    team = models.TextField(_("team members"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.APPLIED)
    basis_amount = models.DecimalField(_("amount reckoned on"), **MONEY)
    calculated_amount = models.DecimalField(_("calculated amount"), **MONEY)
    approved_amount = models.DecimalField(_("approved amount"), null=True, blank=True, **MONEY)
    reduction_reason = models.TextField(_("why reduced"), blank=True)
    decision_note = models.TextField(_("reasons"), blank=True)
    policy_snapshot = models.JSONField(_("policy as applied"), default=dict)
    calculation = models.JSONField(_("calculation"), default=list)
    paid_amount = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    applied_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"))
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("payment recorded by"))

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("matchmaker reward application")
        verbose_name_plural = _("matchmaker reward applications")
        constraints = [
            models.UniqueConstraint(fields=["deal", "year"], condition=Q(status__in=LIVE_STATUSES),
                                    name="mm_reward_once_per_deal_and_year"),
            models.CheckConstraint(condition=Q(basis_amount__gte=0) & Q(calculated_amount__gte=0),
                                   name="mm_reward_amounts_not_negative"),
            models.CheckConstraint(condition=Q(approved_amount__isnull=True)
                                   | Q(approved_amount__gt=0, approved_amount__lte=F("calculated_amount")),
                                   name="mm_reward_approved_within_calculation"),
            models.CheckConstraint(condition=Q(approved_amount__isnull=True)
                                   | Q(approved_amount=F("calculated_amount")) | ~Q(reduction_reason=""),
                                   name="mm_reward_reduction_has_reason"),
            models.CheckConstraint(condition=~Q(status__in=COMMITTED_STATUSES) | Q(approved_amount__isnull=False),
                                   name="mm_reward_approved_has_amount"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(decision_note=""),
                                   name="mm_reward_refusal_has_reason"),
            models.CheckConstraint(condition=Q(status="paid", paid_amount=F("approved_amount"), paid_on__isnull=False)
                                   & ~Q(payment_reference="")
                                   | ~Q(status="paid") & Q(paid_amount__isnull=True, paid_on__isnull=True),
                                   name="mm_reward_paid_is_approved_amount"),
            models.CheckConstraint(condition=~Q(beneficiary="team") | ~Q(team=""), name="mm_reward_team_named"),
        ]

    def __str__(self) -> str:
        return f"{self.deal} {self.year}"

    def beneficiary_name(self) -> str:
        if self.beneficiary == Beneficiary.AGENCY:
            return self.agency.name
        name = self.commissioner.get_full_name() or self.commissioner.username
        return f"{name} ({self.team})" if self.beneficiary == Beneficiary.TEAM else name

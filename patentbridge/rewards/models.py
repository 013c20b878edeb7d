"""Sales-based rewards for patent products (rules.md §7, rules-round2.md §7): each city's reward policy, entered by
the city as configuration and versioned by the reward years it covers, and the ledger of applications, approvals
and payments. No Guangdong city's sales-keyed reward was found, so no figure is built in: every rate, amount, cap
and budget is what the city enters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import City, Organisation, SizeClass
from patentbridge.products.models import Product, ProductYear

MONEY = {"max_digits": 16, "decimal_places": 2}


class RewardBasis(models.TextChoices):
    FILED = "filed", _("Filed patent product")
    RECOGNISED = "recognised", _("Recognised patent-intensive product")
    FIRST_RECOGNITION = "first_recognition", _("First-time recognition")


class SalesRewardPolicy(models.Model):
    """One version of a city's reward for one basis, for the reward years first_year to last_year (open-ended when
    last_year is empty). A reward for year Y is reckoned on the product's sales of year Y."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="sales_reward_policies",
                             verbose_name=_("city"))
    title = models.CharField(_("title"), max_length=200)
    basis = models.CharField(_("rewarded for"), max_length=20, choices=RewardBasis.choices)
    first_year = models.PositiveSmallIntegerField(_("first reward year"))
    last_year = models.PositiveSmallIntegerField(_("last reward year"), null=True, blank=True)
    rate = models.DecimalField(_("share of the year's sales (%)"), max_digits=7, decimal_places=4, default=0)
    fixed_amount = models.DecimalField(_("fixed amount"), default=0, **MONEY)
    product_cap = models.DecimalField(_("cap per product"), null=True, blank=True, **MONEY)
    enterprise_cap = models.DecimalField(_("cap per enterprise and year"), null=True, blank=True, **MONEY)
    budget = models.DecimalField(_("budget per year"), null=True, blank=True, **MONEY)
    filer_in_city = models.BooleanField(_("filer registered in the city"), default=True)
    on_time_only = models.BooleanField(_("yearly data reported on time"), default=True)
    min_sales = models.DecimalField(_("minimum sales"), default=0, **MONEY)
    # Empty: every size; otherwise the SizeClass values allowed.
    size_classes = models.JSONField(_("enterprise sizes allowed"), default=list, blank=True)
    is_example = models.BooleanField(_("example, not a policy in force"), default=False)
    source = models.TextField(_("source (document and article)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["city", "basis", "-first_year"]
        verbose_name = _("sales-based reward policy")
        verbose_name_plural = _("sales-based reward policies")
        constraints = [
            models.UniqueConstraint(fields=["city", "basis", "first_year"], name="reward_policy_version_once"),
            models.CheckConstraint(condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                                   name="reward_policy_years_ordered"),
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lte=100), name="reward_policy_rate_is_percent"),
            models.CheckConstraint(condition=Q(fixed_amount__gte=0) & Q(min_sales__gte=0)
                                   & (Q(product_cap__isnull=True) | Q(product_cap__gte=0))
                                   & (Q(enterprise_cap__isnull=True) | Q(enterprise_cap__gte=0))
                                   & (Q(budget__isnull=True) | Q(budget__gte=0)),
                                   name="reward_policy_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.title}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def size_labels(self) -> list[str]:
        return [str(SizeClass(value).label) for value in self.size_classes if value in SizeClass.values]


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which an application holds (or has received) its reward: only one per product, year and basis.
LIVE_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.APPROVED, ApplicationStatus.PAID)
# Statuses whose approved amount is committed from the enterprise's cap and the year's budget.
COMMITTED_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.PAID)


class RewardApplication(models.Model):
    """An enterprise's application for one product's reward for one year under a city's policy, and its approval
    and payment. The policy and the calculation are copied onto it when it is decided, so a later change of the
    policy never changes an approved reward."""

    policy = models.ForeignKey(SalesRewardPolicy, on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("policy"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    basis = models.CharField(_("rewarded for"), max_length=20, choices=RewardBasis.choices)
    year = models.PositiveSmallIntegerField(_("reward year"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="reward_applications",
                                verbose_name=_("product"))
    enterprise = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reward_applications",
                                   verbose_name=_("enterprise"))
    data = models.ForeignKey(ProductYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("yearly data"))
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.APPLIED)
    calculated_amount = models.DecimalField(_("calculated amount"), **MONEY)
    approved_amount = models.DecimalField(_("approved amount"), null=True, blank=True, **MONEY)
    reduction_reason = models.TextField(_("why reduced"), blank=True)
    decision_note = models.TextField(_("reasons"), blank=True)
    policy_snapshot = models.JSONField(_("policy as applied"), default=dict)
    calculation = models.JSONField(_("calculation"), default=list)
    paid_amount = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("payment recorded by"))

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("reward application")
        verbose_name_plural = _("reward applications")
        constraints = [
            models.UniqueConstraint(fields=["product", "year", "basis"], condition=Q(status__in=LIVE_STATUSES),
                                    name="reward_once_per_product_year_basis"),
            models.CheckConstraint(condition=Q(calculated_amount__gte=0), name="reward_calculated_not_negative"),
            models.CheckConstraint(condition=Q(approved_amount__isnull=True)
                                   | Q(approved_amount__gte=0, approved_amount__lte=F("calculated_amount")),
                                   name="reward_approved_within_calculation"),
            models.CheckConstraint(condition=Q(approved_amount__isnull=True)
                                   | Q(approved_amount=F("calculated_amount")) | ~Q(reduction_reason=""),
                                   name="reward_reduction_has_reason"),
            models.CheckConstraint(condition=~Q(status__in=COMMITTED_STATUSES) | Q(approved_amount__isnull=False),
                                   name="reward_approved_has_amount"),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(decision_note=""),
                                   name="reward_refusal_has_reason"),
            models.CheckConstraint(condition=Q(status="paid", paid_amount=F("approved_amount"), paid_on__isnull=False)
                                   & ~Q(payment_reference="")
                                   | ~Q(status="paid") & Q(paid_amount__isnull=True, paid_on__isnull=True),
                                   name="reward_paid_is_approved_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.year} ({self.get_basis_display()})"

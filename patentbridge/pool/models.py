"""The convertible-patent pool: value assessments, tiers, the stock-patent workflow, maintenance inputs,
public-list declarations and state-funded projects."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent


class Tier(models.TextChoices):
    A = "A", _("A — ready to transfer")
    B = "B", _("B — convertible with support")
    C = "C", _("C — needs maturation")
    D = "D", _("D — low value")


class ConfigKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment weights and tier thresholds")
    FEES = "fees", _("Annual-fee schedule and reductions")


class ConfigVersion(models.Model):
    """One immutable version of a configuration; exactly one version per kind is active, so a bad edit rolls back
    by activating an earlier version."""

    kind = models.CharField(max_length=20, choices=ConfigKind.choices, verbose_name=_("kind"))
    version = models.PositiveIntegerField(verbose_name=_("version"))
    data = models.JSONField(verbose_name=_("data"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(default=False, verbose_name=_("active"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("configuration version")
        verbose_name_plural = _("configuration versions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="config_version_unique"),
            models.UniqueConstraint(fields=["kind"], condition=Q(is_active=True), name="config_one_active"),
        ]

    def __str__(self) -> str:
        name = f"{self.get_kind_display()} v{self.version}"
        return f"{name} ({_('active')})" if self.is_active else name


class Assessment(models.Model):
    """The latest computed value of a patent. `values` packs, per indicator in INDICATOR_ORDER, its raw value and
    its 0–1 score as float32 (NaN = no data): 136 bytes a patent, written for a million patents in seconds."""

    patent = models.OneToOneField(Patent, on_delete=models.CASCADE, related_name="assessment")
    config_version = models.PositiveIntegerField()
    cohort = models.CharField(max_length=20, db_index=True)
    legal = models.FloatField()
    technical = models.FloatField()
    economic = models.FloatField()
    score = models.FloatField(db_index=True)
    tier = models.CharField(max_length=1, choices=Tier.choices, db_index=True)
    values = models.BinaryField()
    computed_at = models.DateTimeField()

    def indicator_values(self) -> dict[str, tuple[float | None, float | None]]:
        from patentbridge.pool.indicators import unpack

        return unpack(bytes(self.values))

    class Meta:
        verbose_name = _("value assessment")
        verbose_name_plural = _("value assessments")


class PoolState(models.TextChoices):
    INVENTORIED = "inventoried", _("Inventoried")
    ASSESSED = "assessed", _("Assessed")
    SELF_ASSESSMENT_REQUESTED = "self_assessment_requested", _("Awaiting inventor self-assessment")
    SELF_ASSESSED = "self_assessed", _("Self-assessed by the inventor")
    OFFICE_REVIEWED = "office_reviewed", _("Reviewed by the tech-transfer office")
    POOLED = "pooled", _("In the pool")
    CONVERTED = "converted", _("Converted")
    EXCLUDED = "excluded", _("Kept out of the pool")


class Rating(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    MEDIUM = 3, _("Moderate")  # 中等, not the 中型 (medium-sized) of an enterprise
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class FeeReduction(models.TextChoices):
    """专利收费减缴 (rules.md §10.3): 85 % for a single owner, 70 % for co-owners who each qualify."""

    NONE = "none", _("None")
    SINGLE = "single", _("85 % (single owner)")
    JOINT = "joint", _("70 % (co-owners)")


class PoolEntry(models.Model):
    """A stock patent of an institution on its way through inventory, assessment, review and the pool."""

    patent = models.OneToOneField(Patent, on_delete=models.CASCADE, related_name="pool_entry", verbose_name=_("patent"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pool_entries", verbose_name=_("organisation"))
    state = models.CharField(_("state"), max_length=30, choices=PoolState.choices, default=PoolState.INVENTORIED,
                             db_index=True)
    tier_override = models.CharField(_("tier override"), max_length=1, choices=Tier.choices, blank=True)
    override_comment = models.TextField(_("override reason"), blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("override by"))
    trl = models.PositiveSmallIntegerField(_("technology readiness level (TRL 1–9)"), null=True, blank=True,
                                           validators=[MinValueValidator(1), MaxValueValidator(9)])
    market_notes = models.TextField(_("market notes"), blank=True)
    inventor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="pool_entries_to_assess", verbose_name=_("inventor"))
    self_market_prospects = models.PositiveSmallIntegerField(_("market prospects"), null=True, blank=True,
                                                             validators=RATING_VALIDATORS)
    self_maturity = models.PositiveSmallIntegerField(_("maturity"), null=True, blank=True,
                                                     validators=RATING_VALIDATORS)
    self_willingness = models.PositiveSmallIntegerField(_("willingness to cooperate"), null=True, blank=True,
                                                        validators=RATING_VALIDATORS)
    self_comment = models.TextField(_("inventor's comment"), blank=True)
    review_comment = models.TextField(_("office review comment"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))
    pooled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("pooled at"))
    fee_reduction = models.CharField(_("annual-fee reduction"), max_length=10, default="none",
                                     choices=FeeReduction.choices)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        constraints = [
            models.CheckConstraint(condition=Q(tier_override="") | ~Q(override_comment=""),
                                   name="pool_override_needs_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.patent} [{self.get_state_display()}]"


class TierChange(models.Model):
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="tier_changes")
    old_tier = models.CharField(max_length=1, blank=True)
    new_tier = models.CharField(max_length=1)
    reason = models.CharField(max_length=500)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]


class PoolTransition(models.Model):
    """Who moved an entry through the workflow, when and why."""

    entry = models.ForeignKey(PoolEntry, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=30, choices=PoolState.choices)
    to_state = models.CharField(max_length=30, choices=PoolState.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)  # none: the batch
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class MarketFeedback(models.Model):
    """An enterprise's market evaluation of a pooled patent (产业化前景 / 技术改进需求 / 合作意愿)."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="market_feedback")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="market_feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    prospects = models.PositiveSmallIntegerField(_("industrialisation prospects"), validators=RATING_VALIDATORS)
    improvement_needs = models.TextField(_("technical improvements needed"), blank=True)
    willingness = models.PositiveSmallIntegerField(_("willingness to cooperate"), validators=RATING_VALIDATORS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patent", "organisation"], name="feedback_one_per_enterprise"),
            models.CheckConstraint(condition=Q(prospects__gte=1, prospects__lte=5), name="feedback_prospects_1_5"),
            models.CheckConstraint(condition=Q(willingness__gte=1, willingness__lte=5),
                                   name="feedback_willingness_1_5"),
        ]


class StandardDeclaration(models.Model):
    """A patent declared essential to a standard (标准必要专利)."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="standard_declarations", verbose_name=_("patent"))
    standard_number = models.CharField(_("standard number"), max_length=60)
    standard_title = models.CharField(_("standard title"), max_length=300, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("declared by"))
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("declared at"))

    class Meta:
        verbose_name = _("standard declaration")
        verbose_name_plural = _("standard declarations")
        constraints = [models.UniqueConstraint(fields=["patent", "standard_number"], name="sep_unique")]


class FundedProject(models.Model):
    """The state-funded project a patent came from (财政资助科研项目), declared by its institution."""

    patent = models.OneToOneField(Patent, on_delete=models.CASCADE, related_name="funded_project", verbose_name=_("patent"))
    project_name = models.CharField(_("project name"), max_length=300)
    project_number = models.CharField(_("project number"), max_length=100, blank=True)
    funder = models.CharField(_("funder"), max_length=200)
    end_date = models.DateField(_("project end date"), null=True, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("declared by"))
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("declared at"))
    unused_alerted_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("unused alerted at"))

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")


class ImplementationMode(models.TextChoices):
    NONE = "none", _("Not implemented")
    OWN = "own", _("Implemented by the institution")
    LICENCE = "licence", _("Licensed")
    TRANSFER = "transfer", _("Transferred")
    EQUITY = "equity", _("Equity investment")


class ImplementationReport(models.Model):
    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    mode = models.CharField(_("implementation"), max_length=10, choices=ImplementationMode.choices)
    description = models.TextField(_("description"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="implementation_report_per_year")]


class FeePaymentQuerySet(models.QuerySet):
    def standing(self) -> FeePaymentQuerySet:
        """The payments that count: every one recorded and not cancelled."""
        return self.filter(cancelled_at__isnull=True)


class FeePayment(models.Model):
    """An annual fee the institution has paid (so the calendar stops reminding about it).

    A wrong record is never edited or deleted: it is cancelled with a reason (and a correction recorded anew,
    pointing at it), so the register shows what was believed when."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="fee_payments")
    year = models.PositiveSmallIntegerField(_("patent year"))
    amount = models.DecimalField(_("amount (RMB)"), max_digits=12, decimal_places=2)
    surcharge = models.DecimalField(_("late surcharge (RMB)"), max_digits=12, decimal_places=2, default=0)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name=_("corrects payment"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    objects = FeePaymentQuerySet.as_manager()

    class Meta:
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "year"], condition=Q(cancelled_at__isnull=True),
                                    name="fee_paid_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(surcharge__gte=0), name="fee_amounts_not_negative"),
            models.CheckConstraint(condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                                   name="fee_cancel_needs_reason"),
        ]


class FeeReminder(models.Model):
    """One reminder of one annual fee to one person at one lead time (30 or 7 days before, or overdue)."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="fee_reminders")
    year = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fee_reminders")
    lead_days = models.SmallIntegerField(help_text="-1 = overdue")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patent", "year", "user", "lead_days"],
                                               name="fee_reminder_once")]

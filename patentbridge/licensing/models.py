"""Open licensing (专利开放许可, Patent Law Art 50–52; Implementing Rules Art 85–88): declarations, the licences
enterprises take under them, their payments, and the fee-estimation tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent
from patentbridge.rights.models import Grant


class DeclarationStatus(models.TextChoices):
    STANDING = "standing", _("Standing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A declaration stands until withdrawn; withdrawal is final (a new declaration is a new record).
DECLARATION_STEPS = frozenset({(DeclarationStatus.STANDING, DeclarationStatus.WITHDRAWN)})


class PaymentMode(models.TextChoices):
    """The payment modes the 2024 open-licence notice promotes (rules.md §1.1)."""

    LUMP_SUM = "lump_sum", _("Lump sum")
    ROYALTY_SALES = "royalty_sales", _("Running royalty on net sales")
    ROYALTY_PROFIT = "royalty_profit", _("Running royalty on profit")
    ENTRY_PLUS_ROYALTY = "entry_plus_royalty", _("Entry fee plus royalty on net sales")


MONEY = {"max_digits": 14, "decimal_places": 2}


class OpenLicenceDeclaration(models.Model):
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="open_licence_declarations", verbose_name=_("patent"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="open_licences", verbose_name=_("organisation"))
    payment_mode = models.CharField(_("payment mode"), max_length=20, choices=PaymentMode.choices,
                                     default=PaymentMode.LUMP_SUM)
    lump_sum = models.DecimalField(_("fee (RMB)"), null=True, blank=True, **MONEY,
                                   help_text=_("the lump sum, or the entry fee"))
    royalty_rate = models.DecimalField(_("royalty rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    fee_terms = models.TextField(_("licence fee and payment"), blank=True)
    term_years = models.PositiveSmallIntegerField(_("licence term (years)"), null=True, blank=True)
    other_terms = models.TextField(_("other terms"), blank=True)
    evaluation_report = models.CharField(_("patent right evaluation report number"), max_length=60, blank=True)
    co_owners_consent = models.BooleanField(_("all co-owners consent in writing"), default=False)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    status = models.CharField(max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.STANDING, verbose_name=_("status"))
    declared_on = models.DateField(_("declared on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    estimate = models.JSONField(_("fee estimate"), default=dict, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("declared by"))
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="declaration", editable=False, verbose_name=_("grant"))

    class Meta:
        verbose_name = _("open-licence declaration")
        verbose_name_plural = _("open-licence declarations")
        constraints = [
            models.UniqueConstraint(fields=["patent"], condition=Q(status="standing"),
                                    name="one_standing_open_licence_per_patent"),
            models.CheckConstraint(condition=Q(lump_sum__isnull=True) | Q(lump_sum__gte=0),
                                   name="open_licence_fee_not_negative"),
            models.CheckConstraint(condition=Q(royalty_rate__isnull=True)
                                   | (Q(royalty_rate__gte=0) & Q(royalty_rate__lte=100)),
                                   name="open_licence_rate_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.patent} ({self.status})"


class LicenceStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")


# A licence exists once its payment settles (Patent Law Art 51 ¶1); it ends when its term runs out, or earlier when
# the licensee renounces it (or abandons it before paying).
LICENCE_STEPS = frozenset({
    (LicenceStatus.AWAITING_PAYMENT, LicenceStatus.ACTIVE), (LicenceStatus.AWAITING_PAYMENT, LicenceStatus.ENDED),
    (LicenceStatus.ACTIVE, LicenceStatus.ENDED),
})


class OpenLicence(models.Model):
    """A licence an enterprise obtained under a declaration: written notice + payment (Patent Law Art 51 ¶1)."""

    declaration = models.ForeignKey(OpenLicenceDeclaration, on_delete=models.PROTECT, related_name="licences", verbose_name=_("declaration"))
    licensee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="licences_taken", verbose_name=_("licensee"))
    noticed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("noticed by"))
    notice = models.TextField(_("written notice"))
    noticed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("noticed at"))
    amount_due = models.DecimalField(_("amount due now (RMB)"), **MONEY)
    status = models.CharField(max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.AWAITING_PAYMENT, verbose_name=_("status"))
    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="open_licence", editable=False, verbose_name=_("grant"))

    class Meta:
        verbose_name = _("open licence")
        verbose_name_plural = _("open licences")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "licensee"],
                                    condition=Q(status__in=["awaiting_payment", "active"]),
                                    name="one_live_open_licence_per_licensee"),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="open_licence_amount_not_negative"),
        ]

    @property
    def recordation(self):  # noqa: ANN201 - the recordation app's model, reached through the grant
        """The recordation (or transfer registration) of this one's grant, if any."""
        return getattr(self.grant, "recordation", None) if self.grant_id else None

    @property
    def tech_contract(self):  # noqa: ANN201
        return getattr(self.grant, "tech_contract", None) if self.grant_id else None


class PaymentStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    licence = models.ForeignKey(OpenLicence, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    provider = models.CharField(max_length=40)
    reference = models.CharField(max_length=100, unique=True)
    # The provider answers at once (licensing/payments.py): a payment is settled or failed when it is written.
    status = models.CharField(max_length=10, choices=PaymentStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)


class IndustryRoyaltyRate(models.Model):
    """Royalty-rate statistics per GB/T 4754 industry (a section letter or a class code), for the estimator.

    The CNIPA 十三五 table and the yearly notices are not bundled (rules.md §1.2, [U]): administrators enter the
    published figures with their source; until then the industry-statistics method asks for a rate."""

    industry = models.CharField(_("GB/T 4754 code"), max_length=5, unique=True)
    rate_low = models.DecimalField(_("low (%)"), max_digits=5, decimal_places=2)
    rate_typical = models.DecimalField(_("typical (%)"), max_digits=5, decimal_places=2)
    rate_high = models.DecimalField(_("high (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("industry royalty rate")
        verbose_name_plural = _("industry royalty rates")
        constraints = [models.CheckConstraint(condition=Q(rate_low__lte=models.F("rate_typical"))
                                              & Q(rate_typical__lte=models.F("rate_high")),
                                              name="royalty_rates_ordered")]


class AdjustmentCoefficient(models.Model):
    """A named adjustment coefficient (调整系数) and its allowed range, editable by administrators."""

    key = models.SlugField(unique=True, verbose_name=_("key"))
    label_zh = models.CharField(max_length=100, verbose_name=_("Chinese label"))
    label_en = models.CharField(max_length=100, verbose_name=_("English label"))
    minimum = models.DecimalField(max_digits=4, decimal_places=2, verbose_name=_("minimum"))
    maximum = models.DecimalField(max_digits=4, decimal_places=2, verbose_name=_("maximum"))
    default = models.DecimalField(max_digits=4, decimal_places=2, verbose_name=_("default"))
    guidance = models.TextField(blank=True, verbose_name=_("guidance"))

    class Meta:
        verbose_name = _("adjustment coefficient")
        verbose_name_plural = _("adjustment coefficients")
        ordering = ["key"]
        constraints = [models.CheckConstraint(condition=Q(minimum__lte=models.F("default"))
                                              & Q(default__lte=models.F("maximum")) & Q(minimum__gt=0),
                                              name="coefficient_range_ordered")]

"""Patent products filed by the enterprises that make or sell them (专利产品备案, rules.md §7, rules-round2.md §7): the
product, the patents it embodies and the right the filer holds in each, and the economic data it reports each year
(the first-quarter update)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Industry, Patent
from patentbridge.rights.models import Grant

# Annual sales of one product may run to hundreds of billions of yuan.
MONEY = {"max_digits": 16, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class ProductStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned for changes")
    # Not "Filed": that msgid is the patent's filing date (申请日) elsewhere.
    FILED = "filed", _("On file")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class Product(models.Model):
    """One product an organisation makes or sells, filed so that the patents in it count (and it may later be
    recognised as patent-intensive)."""

    filer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="products",
                              verbose_name=_("filer"))
    name = models.CharField(_("product name"), max_length=200)
    model = models.CharField(_("model"), max_length=100, blank=True)
    category = models.CharField(_("product category"), max_length=100)
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("industry (GB/T 4754)"))
    description = models.TextField(_("description"), blank=True)
    launched_on = models.DateField(_("launched on"))
    status = models.CharField(_("status"), max_length=10, choices=ProductStatus.choices,
                              default=ProductStatus.SUBMITTED)
    filing_number = models.CharField(_("filing number"), max_length=30, unique=True, null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # Set when every linked patent has lapsed or left the filer: the filer is asked to confirm revocation.
    revoke_prompted_on = models.DateField(_("revocation suggested on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # The filer asked to revoke the filing; the clerk confirms it.
    revoke_requested_at = models.DateTimeField(_("revocation requested at"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("patent product")
        verbose_name_plural = _("patent products")
        constraints = [
            models.CheckConstraint(condition=~Q(status="filed") | Q(filed_on__isnull=False, filing_number__isnull=False),
                                   name="product_filed_has_number"),
            models.CheckConstraint(condition=~Q(status="revoked") | Q(revoked_on__isnull=False),
                                   name="product_revoked_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.model}".strip()


class PatentBasis(models.TextChoices):
    OWN = "own", _("Own patent")
    LICENSED = "licensed", _("Licensed in")
    TRANSFERRED = "transferred", _("Transferred in")


class ProductPatent(models.Model):
    """A patent the product embodies and the right by which its filer uses it (checked against the register and the
    rights home when linked, and again each year)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="patent_links",
                                verbose_name=_("product"))
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="product_links",
                               verbose_name=_("patent"))
    basis = models.CharField(_("right held"), max_length=12, choices=PatentBasis.choices)
    grant = models.ForeignKey(Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("licence or transfer"))
    checked_on = models.DateField(_("checked on"))

    class Meta:
        ordering = ["product", "pk"]
        verbose_name = _("patent of a product")
        verbose_name_plural = _("patents of products")
        constraints = [
            models.UniqueConstraint(fields=["product", "patent"], name="product_patent_once"),
            models.CheckConstraint(condition=Q(basis="own") | Q(grant__isnull=False),
                                   name="product_patent_licence_named"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} ← {self.patent_id}"


class ProductYear(models.Model):
    """The economic data of one product for one calendar year, reported in the next year's first quarter."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="years", verbose_name=_("product"))
    year = models.PositiveSmallIntegerField(_("year"))
    sales = models.DecimalField(_("sales"), **MONEY)
    output = models.DecimalField(_("output value"), **MONEY)
    exports = models.DecimalField(_("exports"), default=0, **MONEY)
    profit = models.DecimalField(_("profit"), default=0, **MONEY)
    ip_input = models.DecimalField(_("IP input"), default=0, **MONEY)
    patent_share = models.DecimalField(_("share attributable to the patents (%)"), **PERCENT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    # Reported within the update window (January to March of the next year); a late report keeps the data but the
    # product sits out that year's recognition.
    on_time = models.BooleanField(_("reported on time"), default=True)
    needs_review = models.BooleanField(_("flagged for review"), default=False)
    review_reason = models.TextField(_("why flagged"), blank=True)

    class Meta:
        ordering = ["product", "-year"]
        verbose_name = _("product's yearly data")
        verbose_name_plural = _("products' yearly data")
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="product_year_once"),
            models.CheckConstraint(condition=Q(sales__gte=0) & Q(output__gte=0) & Q(exports__gte=0)
                                   & Q(ip_input__gte=0), name="product_year_amounts_not_negative"),
            models.CheckConstraint(condition=Q(exports__lte=F("sales")), name="product_year_exports_within_sales"),
            models.CheckConstraint(condition=Q(patent_share__gte=0) & Q(patent_share__lte=100),
                                   name="product_year_share_is_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.year}"


class StepKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for filing")
    RESUBMITTED = "resubmitted", _("Changed and resubmitted")
    FILED = "filed", _("Filing accepted")
    RETURNED = "returned", _("Returned for changes")
    REFUSED = "refused", _("Refused")
    DATA_REPORTED = "data_reported", _("Yearly data reported")
    DATA_CONFIRMED = "data_confirmed", _("Flagged data confirmed by the clerk")
    REVOKE_PROMPTED = "revoke_prompted", _("Revocation suggested: no linked patent is held any more")
    REVOKE_REQUESTED = "revoke_requested", _("Revocation applied for")
    REVOKED = "revoked", _("Revoked")


class ProductStep(models.Model):
    """One entry of a product's history: a step of its lifecycle or a report on it, who took it and why."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="steps", verbose_name=_("product"))
    kind = models.CharField(_("what happened"), max_length=20, choices=StepKind.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=ProductStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=ProductStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("step of a product filing")
        verbose_name_plural = _("steps of product filings")

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind}"

"""Typical cases (典型案例): the story of one completed patent conversion — a recorded licence, transfer or equity
investment, or an open licence taken — written by the office of the organisation that owned the patent and published
by the regulator. Not to be confused with a technology's life as a whole (a "case" in the technology-manager sense).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from patentbridge.deals.models import Deal
from patentbridge.licensing.models import OpenLicence
from patentbridge.orgs.models import City, Organisation
from patentbridge.patents.models import Industry, Patent

MONEY = {"max_digits": 14, "decimal_places": 2}


class Route(models.TextChoices):
    """How the patent was converted."""

    LICENCE = "licence", _("Licence")
    TRANSFER = "transfer", _("Transfer")
    EQUITY = "equity", _("Equity investment")
    OPEN_LICENCE = "open_licence", _("Open licence")


class TypicalCaseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("typical case status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("typical case status", "Awaiting review")
    RETURNED = "returned", pgettext_lazy("typical case status", "Returned for changes")
    PUBLISHED = "published", pgettext_lazy("typical case status", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("typical case status", "Withdrawn")


# The office writes while a case is a draft or has come back to it; nothing else is edited.
EDITABLE_STATUSES = (TypicalCaseStatus.DRAFT, TypicalCaseStatus.RETURNED)


class TypicalCase(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="typical_cases",
                                     verbose_name=_("organisation"))
    # Exactly one source: the deal or the open licence the case tells of.
    deal = models.ForeignKey(Deal, null=True, blank=True, on_delete=models.PROTECT, related_name="typical_cases",
                             verbose_name=_("deal"))
    open_licence = models.ForeignKey(OpenLicence, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="typical_cases", verbose_name=_("open licence"))
    route = models.CharField(_("route"), max_length=12, choices=Route.choices)
    patents = models.ManyToManyField(Patent, related_name="typical_cases", verbose_name=_("patents"))
    counterparty = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="typical_cases_as_party",
                                     verbose_name=_("licensee or buyer"))
    counterparty_consents = models.BooleanField(_("the other party consents to publishing its name"), default=False)
    counterparty_alias = models.CharField(_("name shown without consent"), max_length=60, blank=True,
                                          help_text=_("e.g. 佛山某家电企业; 某企业 when left empty"))
    amount = models.DecimalField(_("amount (RMB)"), null=True, blank=True, **MONEY)
    amount_consented = models.BooleanField(_("the parties consent to publishing the amount"), default=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="typical_cases",
                             verbose_name=_("city"))
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="typical_cases", verbose_name=_("industry (GB/T 4754)"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    background = models.TextField(_("background"), blank=True)
    approach = models.TextField(_("how it was done"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    products_launched = models.PositiveIntegerField(_("products launched"), null=True, blank=True)
    sales = models.DecimalField(_("sales from it (RMB)"), null=True, blank=True, **MONEY)
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    lessons = models.TextField(_("what others can learn"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TypicalCaseStatus.choices,
                              default=TypicalCaseStatus.DRAFT, db_index=True)
    review_note = models.TextField(_("reviewer's reasons"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("drafted by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        constraints = [
            models.CheckConstraint(condition=Q(deal__isnull=False, open_licence__isnull=True)
                                   | Q(deal__isnull=True, open_licence__isnull=False),
                                   name="typical_case_one_source"),
            # One story per conversion: a withdrawn one may be told again.
            models.UniqueConstraint(fields=["deal"], condition=~Q(status="withdrawn"),
                                    name="one_live_typical_case_per_deal"),
            models.UniqueConstraint(fields=["open_licence"], condition=~Q(status="withdrawn"),
                                    name="one_live_typical_case_per_open_licence"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="typical_case_amount_not_negative"),
            models.CheckConstraint(condition=Q(sales__isnull=True) | Q(sales__gte=0),
                                   name="typical_case_sales_not_negative"),
            models.CheckConstraint(condition=~Q(organisation=models.F("counterparty")),
                                   name="typical_case_two_parties"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counterparty_shown(self) -> str:
        """The other party's name where it consented to publishing it, else the office's alias or 某企业."""
        if self.counterparty_consents:
            return self.counterparty.name
        return self.counterparty_alias or gettext("an enterprise")

    @property
    def amount_shown(self) -> Decimal | None:
        """The amount, only where the parties consented to publishing it."""
        return self.amount if self.amount_consented else None


class TypicalCaseStep(models.Model):
    """One step of a case's review, with the reviewer's or the office's words."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=TypicalCaseStatus.choices)
    to_status = models.CharField(max_length=10, choices=TypicalCaseStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("typical case step")
        verbose_name_plural = _("typical case steps")

"""Negotiated deals: the technology contracts of Civil Code Art 843 — licences (ordinary, sole, exclusive), transfers of
the patent right or of the application right, equity investment, and development, consulting and service contracts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation, Region
from patentbridge.patents.models import Patent
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.rights.models import Grant


class DealKind(models.TextChoices):
    """Each kind that binds a patent right has the same value as its grant kind (rights.GrantKind)."""

    ORDINARY_LICENCE = "ordinary_licence", _("Ordinary licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    TRANSFER = "transfer", _("Transfer (assignment)")
    APPLICATION_RIGHT_TRANSFER = "application_right_transfer", _("Transfer of the application right")
    EQUITY = "equity", _("Equity investment")
    DEVELOPMENT_COMMISSIONED = "development_commissioned", _("Technology development (commissioned)")
    DEVELOPMENT_COOPERATIVE = "development_cooperative", _("Technology development (cooperative)")
    CONSULTING = "consulting", _("Technology consulting")
    SERVICE = "service", _("Technology service")


LICENCE_KINDS = (DealKind.ORDINARY_LICENCE, DealKind.SOLE_LICENCE, DealKind.EXCLUSIVE_LICENCE)
# Kinds that bind a right in the patent (a grant, rights app), recorded or registered with CNIPA.
RIGHT_KINDS = (*LICENCE_KINDS, DealKind.TRANSFER, DealKind.APPLICATION_RIGHT_TRANSFER, DealKind.EQUITY)
DEVELOPMENT_KINDS = (DealKind.DEVELOPMENT_COMMISSIONED, DealKind.DEVELOPMENT_COOPERATIVE)
# Civil Code Art 851 ff. and 878 ff.: no patent right moves; a patent, if named, is only what the work concerns.
SERVICE_KINDS = (*DEVELOPMENT_KINDS, DealKind.CONSULTING, DealKind.SERVICE)


class ResultsOwner(models.TextChoices):
    """Who may apply for patents on the results of a development contract (Civil Code Art 859–860)."""

    DEVELOPER = "developer", _("The developer")
    CLIENT = "client", _("The commissioning party")
    JOINT = "joint", _("Both parties jointly")


# Without an agreement: a commissioned development's results belong to the developer (Art 859), a cooperative
# one's to the parties jointly (Art 860).
STATUTORY_RESULTS_OWNER = {DealKind.DEVELOPMENT_COMMISSIONED: ResultsOwner.DEVELOPER,
                           DealKind.DEVELOPMENT_COOPERATIVE: ResultsOwner.JOINT}


class PaymentMode(models.TextChoices):
    """How the price is paid (Civil Code Art 846)."""

    FIXED = "fixed", _("Fixed price, paid at once or in instalments")
    ROYALTY = "royalty", _("Running royalty")
    ENTRY_PLUS_ROYALTY = "entry_plus_royalty", _("Entry fee plus running royalty")


ROYALTY_MODES = (PaymentMode.ROYALTY, PaymentMode.ENTRY_PLUS_ROYALTY)


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded / registered")
    PERFORMING = "performing", _("Performing")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")



class Deal(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=DealKind.choices)
    # The patent a right is granted in; for a development, consulting or service contract, the one it concerns.
    patent = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.PROTECT, related_name="deals", verbose_name=_("patent"))
    # The technology side: licensor, assignor, developer, consultant or service provider (the registration's seller).
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_owner", verbose_name=_("owner"))
    counterparty = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="deals_as_counterparty", verbose_name=_("counterparty"))
    territory = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory"))
    # The territory's code interval, copied so that PostgreSQL can exclude overlapping grants by itself.
    territory_lo = models.PositiveIntegerField(editable=False, verbose_name=_("territory code from"))
    territory_hi = models.PositiveIntegerField(editable=False, verbose_name=_("territory code to"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(_("contract amount (RMB)"), max_digits=14, decimal_places=2, default=0)
    payment_mode = models.CharField(_("payment"), max_length=20, choices=PaymentMode.choices,
                                    default=PaymentMode.FIXED)
    subject = models.CharField(_("project name"), max_length=200, blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    results_owner = models.CharField(_("right to apply for patents on the results"), max_length=10,
                                     choices=ResultsOwner.choices, blank=True)
    results_terms = models.TextField(_("use and transfer of technical secrets and sharing of benefits"), blank=True)
    terms = models.TextField(_("terms"), blank=True)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.DRAFT)
    # Raised at every step: a confirmation counts only for the step from the status it was given in.
    round = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("round"))
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # The right the deal grants, from its signing: what binds the patent is read there (rights app).
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="deal", editable=False, verbose_name=_("grant"))
    # Its technology-contract registration, from its signing (every kind has one).
    contract = models.OneToOneField(TechContractRegistration, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="deal", editable=False, verbose_name=_("contract"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=F("starts_on")), name="deal_period_ordered"),
            models.CheckConstraint(condition=~Q(kind__in=["ordinary_licence", "sole_licence", "exclusive_licence"])
                                   | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
                                   name="licence_has_a_period"),
            models.CheckConstraint(condition=~Q(owner=F("counterparty")), name="deal_between_two_parties"),
            models.CheckConstraint(condition=Q(territory_lo__lte=F("territory_hi")), name="deal_territory_span"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in SERVICE_KINDS]) | Q(patent__isnull=False),
                                   name="deal_right_names_its_patent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.patent or self.subject} → {self.counterparty}"

    @property
    def binds_a_right(self) -> bool:
        return self.kind in RIGHT_KINDS

    @property
    def recordation(self):  # noqa: ANN201 - the recordation app's model, reached through the grant
        """The recordation (or transfer registration) of this one's grant, if any."""
        return getattr(self.grant, "recordation", None) if self.grant_id else None

    @property
    def tech_contract(self) -> TechContractRegistration | None:
        return self.contract

    def consenting_org_ids(self) -> list[int]:
        """Whose confirmation binds the deal: the two parties, and for a right other than an ordinary licence every
        co-owner organisation of the patent (Patent Law Art 14)."""
        co_owners = self.kind in RIGHT_KINDS and self.kind != DealKind.ORDINARY_LICENCE
        owners = self.patent.owner_org_ids() if co_owners else []
        return list(dict.fromkeys([self.owner_id, *owners, self.counterparty_id]))


class DealConsent(models.Model):
    """One organisation's confirmation of a binding step, given by a member who may commit it."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="consents")
    round = models.PositiveIntegerField()
    step = models.CharField(max_length=12, choices=DealStatus.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["deal", "round", "step", "organisation"],
                                               name="one_consent_per_org_step_round")]


class DealTransition(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

"""Licence-contract recordation (专利实施许可合同备案), transfer registration and technology-contract registration
(技术合同认定登记), rules.md §2."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent
from patentbridge.rights.models import Grant


class RecordationKind(models.TextChoices):
    LICENCE = "licence", _("Licence-contract recordation")
    TRANSFER = "transfer", _("Transfer registration")


class RecordationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECORDED = "recorded", _("Recorded")
    REFUSED = "refused", _("Refused")


# Filing is decided at once against the grounds of Art 12: recorded, or refused with every ground (and filed again
# once they are put right). Nothing leaves "recorded".
RECORDATION_STEPS = frozenset({
    (RecordationStatus.DRAFT, RecordationStatus.RECORDED), (RecordationStatus.DRAFT, RecordationStatus.REFUSED),
    (RecordationStatus.REFUSED, RecordationStatus.RECORDED), (RecordationStatus.REFUSED, RecordationStatus.REFUSED),
})


class LicenceType(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    SOLE = "sole", _("Sole")
    EXCLUSIVE = "exclusive", _("Exclusive")
    OPEN = "open", _("Open licence (ordinary)")


class Recordation(models.Model):
    kind = models.CharField(max_length=10, choices=RecordationKind.choices, default=RecordationKind.LICENCE)
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="recordations")
    licensor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recordations_as_licensor")
    licensee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recordations_as_licensee")
    # The licence or transfer being recorded: its parties, territory, period and consents are the grant's.
    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="recordation")
    licence_type = models.CharField(max_length=10, choices=LicenceType.choices, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    contract_effective_on = models.DateField(_("contract effective on"))
    deadline = models.DateField(_("filing deadline"))
    status = models.CharField(max_length=10, choices=RecordationStatus.choices, default=RecordationStatus.DRAFT)
    filed_on = models.DateField(null=True, blank=True)
    # IR Art 15 ¶2 sets the deadline but the measures' Art 12 does not refuse a late filing: it is only noted.
    days_late = models.PositiveIntegerField(_("days filed after the deadline"), default=0, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    refusals = models.JSONField(default=list, blank=True)
    reminded = models.JSONField(default=list, blank=True, editable=False, help_text="lead times already reminded")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(deadline__gte=models.F("contract_effective_on")),
                                              name="recordation_deadline_after_contract")]

    def party_org_ids(self) -> list[int]:
        return [self.licensor_id, self.licensee_id]


class RecordationFiling(models.Model):
    """One filing and its outcome, kept when the recordation is filed again."""

    recordation = models.ForeignKey(Recordation, on_delete=models.CASCADE, related_name="filings")
    from_status = models.CharField(max_length=10, choices=RecordationStatus.choices)
    to_status = models.CharField(max_length=10, choices=RecordationStatus.choices)
    refusals = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ContractStatus(models.TextChoices):
    """Where a technology contract stands in its registration, and whether it counts toward the regulator's figures
    (the steps: recordation.contracts.CONTRACT_STEPS)."""

    PENDING = "pending", _("Awaiting registration")
    COUNTED = "counted", _("Registered")
    HELD = "held", _("Held for the regulator's confirmation")
    REJECTED = "rejected", _("Not counted (rejected by the regulator)")
    CANCELLED = "cancelled", _("Registration cancelled")


class TechContractType(models.TextChoices):
    """The technology contracts of Civil Code Art 843 that technology-contract registration covers (rules.md §2.3)."""

    DEVELOPMENT = "development", _("Technology development")
    TRANSFER = "transfer", _("Technology transfer")
    LICENCE = "licence", _("Technology licence")
    CONSULTING = "consulting", _("Technology consulting")
    SERVICE = "service", _("Technology service")


MONEY = {"max_digits": 14, "decimal_places": 2}


class TechContractRegistration(models.Model):
    """技术合同认定登记 of one signed technology contract: a licence or transfer (through its grant) or a development,
    consulting or service contract (a deal without a grant). Its contract amount and technology-transaction amount
    feed the turnover KPI while it is registered and not cancelled; a royalty contract's grow as royalties arrive."""

    patent = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.PROTECT, related_name="tech_contracts")
    seller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tech_contracts_sold")
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tech_contracts_bought")
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tech_contract")
    contract_type = models.CharField(_("contract type"), max_length=12, choices=TechContractType.choices)
    subject = models.CharField(_("project name"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    agreed_amount = models.DecimalField(_("amount agreed at signing (RMB)"), default=0, **MONEY)
    royalties_received = models.DecimalField(_("royalties received (RMB)"), default=0, editable=False, **MONEY)
    contract_amount = models.DecimalField(_("contract amount (合同成交额)"), **MONEY)
    technology_amount = models.DecimalField(_("technology-transaction amount (技术交易额)"), **MONEY)
    registration_number = models.CharField(_("registration number"), max_length=30, blank=True)
    registered_on = models.DateField(null=True, blank=True)
    # The registering office's city (the seller's, by default: the 2024 draft registers where the seller is).
    city = models.ForeignKey("orgs.City", null=True, blank=True, on_delete=models.PROTECT)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.PENDING,
                              db_index=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_note = models.CharField(max_length=500, blank=True)
    # Set by the app that owns the contract when it ends before it is performed (a terminated deal).
    ended_early_on = models.DateField(_("contract ended early on"), null=True, blank=True)
    cancelled_on = models.DateField(_("registration cancelled on"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancellation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("technology-contract registration")
        verbose_name_plural = _("technology-contract registrations")
        constraints = [
            models.CheckConstraint(condition=Q(technology_amount__lte=models.F("contract_amount"))
                                   & Q(technology_amount__gte=0), name="tech_amount_within_contract"),
            # A figure counts only once registered; a held or rejected one names the regulator who decided.
            models.CheckConstraint(condition=Q(status="pending") | Q(registered_on__isnull=False),
                                   name="tech_contract_registered_when_decided"),
            models.CheckConstraint(condition=~Q(status="rejected") | Q(confirmed_by__isnull=False),
                                   name="tech_contract_rejection_named"),
            models.CheckConstraint(condition=~Q(status="cancelled") | (Q(cancelled_on__isnull=False)
                                                                        & ~Q(cancellation_reason="")),
                                   name="tech_contract_cancellation_stated"),
            models.CheckConstraint(condition=Q(agreed_amount__gte=0) & Q(royalties_received__gte=0),
                                   name="tech_contract_amounts_not_negative"),
            models.UniqueConstraint(fields=["registration_number"], condition=~Q(registration_number=""),
                                    name="tech_contract_number_unique"),
        ]

    def __str__(self) -> str:
        return self.registration_number or f"TC-{self.pk}"

    def party_org_ids(self) -> list[int]:
        return [self.seller_id, self.buyer_id]


class TechContractTransition(models.Model):
    """One step of a registration's lifecycle, with who took it and why."""

    contract = models.ForeignKey(TechContractRegistration, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ContractStatus.choices)
    to_status = models.CharField(max_length=10, choices=ContractStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class RoyaltyReceipt(models.Model):
    """Royalties received under a technology contract (recorded by the revenue app): its turnover grows with them."""

    contract = models.ForeignKey(TechContractRegistration, on_delete=models.PROTECT, related_name="royalties")
    amount = models.DecimalField(**MONEY)
    received_on = models.DateField()
    reference = models.CharField(max_length=60)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="royalty_receipt_positive"),
            models.UniqueConstraint(fields=["contract", "reference"], name="one_receipt_per_reference"),
        ]

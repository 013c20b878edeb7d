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
    """Whether a technology contract counts toward the regulator's figures."""

    PENDING = "pending", _("Awaiting recordation")
    COUNTED = "counted", _("Registered")
    HELD = "held", _("Held for the regulator's confirmation")
    REJECTED = "rejected", _("Not counted (rejected by the regulator)")


class TechContractRegistration(models.Model):
    """技术合同认定登记: the contract amount and the technology-transaction amount feed the RMB 60 bn KPI."""

    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="tech_contracts")
    seller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tech_contracts_sold")
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tech_contracts_bought")
    grant = models.OneToOneField(Grant, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tech_contract")
    contract_amount = models.DecimalField(_("contract amount (合同成交额)"), max_digits=14, decimal_places=2)
    technology_amount = models.DecimalField(_("technology-transaction amount (技术交易额)"), max_digits=14,
                                            decimal_places=2)
    registered_on = models.DateField(null=True, blank=True)
    city = models.ForeignKey("orgs.City", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.PENDING,
                              db_index=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(technology_amount__lte=models.F("contract_amount"))
                                   & Q(technology_amount__gte=0), name="tech_amount_within_contract"),
            # A figure counts only once registered; a held or rejected one names the regulator who decided.
            models.CheckConstraint(condition=Q(status="pending") | Q(registered_on__isnull=False),
                                   name="tech_contract_registered_when_decided"),
            models.CheckConstraint(condition=~Q(status="rejected") | Q(confirmed_by__isnull=False),
                                   name="tech_contract_rejection_named"),
        ]

    def party_org_ids(self) -> list[int]:
        return [self.seller_id, self.buyer_id]

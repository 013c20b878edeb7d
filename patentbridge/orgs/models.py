"""Organisations, Guangdong's cities, and people's memberships with roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.core.language import in_reader_language
from patentbridge.orgs.codes import InvalidCode, normalize_uscc


class City(models.Model):
    """A prefecture-level city of Guangdong (GB/T 2260 code)."""

    code = models.CharField(max_length=6, primary_key=True, verbose_name=_("code"))
    name_zh = models.CharField(max_length=20, unique=True, verbose_name=_("Chinese name"))
    name_en = models.CharField(max_length=40, verbose_name=_("English name"))
    region = models.CharField(max_length=20, verbose_name=_("region"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class Region(models.Model):
    """A territory a licence or transfer may name: China, a provincial-level division or a Guangdong city, coded by
    GB/T 2260 (China itself is `CN`). [lo, hi] is the code interval the region covers, so that containment and
    overlap are integer comparisons (and a range in PostgreSQL's exclusion constraints)."""

    code = models.CharField(max_length=8, primary_key=True)
    name_zh = models.CharField(max_length=40, unique=True)
    name_en = models.CharField(max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    aliases = models.JSONField(default=list, blank=True)
    lo = models.PositiveIntegerField(editable=False)
    hi = models.PositiveIntegerField(editable=False)

    class Meta:
        ordering = ["lo", "-hi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.CheckConstraint(condition=Q(lo__lte=models.F("hi")), name="region_span_ordered")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class OrgKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    SOE = "soe", _("State-owned enterprise")
    ENTERPRISE = "enterprise", _("Private enterprise")
    AGENCY = "agency", _("Service agency")
    FINANCIAL = "financial", _("Financial institution")
    REGULATOR = "regulator", _("Regulator")
    INDIVIDUAL = "individual", _("Individual")


ENTERPRISE_KINDS = (OrgKind.SOE, OrgKind.ENTERPRISE)
INSTITUTION_KINDS = (OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.SOE)


class SizeClass(models.TextChoices):
    """Enterprise size per 工信部联企业〔2011〕300号 (the SME classification standard)."""

    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_normalized = models.CharField(max_length=200, unique=True, editable=False, verbose_name=_("normalised name"))
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrgKind.choices, db_index=True)
    size_class = models.CharField(_("size"), max_length=10, choices=SizeClass.choices, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, null=True, blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations",
                             verbose_name=_("city"))
    province = models.CharField(_("province"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(size_class="") | Q(kind__in=[k.value for k in ENTERPRISE_KINDS]),
                name="org_size_only_for_enterprises",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.uscc:
            try:
                self.uscc = normalize_uscc(self.uscc)
            except InvalidCode as exc:
                raise ValidationError({"uscc": str(exc)}) from exc
        if self.size_class and self.kind not in ENTERPRISE_KINDS:
            raise ValidationError({"size_class": _("Only enterprises have a size class.")})


class Role(models.TextChoices):
    TECH_TRANSFER_MANAGER = "tech_transfer_manager", _("Tech-transfer manager")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    AGENCY_BROKER = "agency_broker", _("Agency broker")
    BANK_OFFICER = "bank_officer", _("Bank officer")
    REGULATOR = "regulator", _("Regulator")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    INVENTOR = "inventor", _("Inventor")
    SIGNATORY = "signatory", _("Authorised signatory")
    ORG_ADMIN = "org_admin", _("Organisation administrator")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class IdentityChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class IdentityChange(models.Model):
    """A change of an organisation's name, type or credit code, applied only once a platform administrator
    approves it: these fields decide who owns which patents and who may sign for whom."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identity_changes")
    changes = models.JSONField(help_text="field → requested value")
    previous = models.JSONField(default=dict, help_text="field → value when requested")
    status = models.CharField(max_length=10, choices=IdentityChangeStatus.choices,
                              default=IdentityChangeStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("identity change")
        verbose_name_plural = _("identity changes")
        constraints = [models.UniqueConstraint(fields=["organisation"], condition=Q(status="pending"),
                                               name="one_pending_identity_change_per_org")]

    def __str__(self) -> str:
        known = {field.name: field.verbose_name for field in Organisation._meta.fields}
        return f"{self.organisation}: " + ", ".join(str(known.get(name, name)) for name in self.changes)

"""Open-licence declarations (专利开放许可, Patent Law Art 50–52). The declaration workflow, eligibility checks
and licences taken are built on this model by the licensing issue; the pool reads which declarations stand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Patent


class DeclarationStatus(models.TextChoices):
    STANDING = "standing", _("Standing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OpenLicenceDeclaration(models.Model):
    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="open_licence_declarations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="open_licences")
    fee_terms = models.TextField(_("licence fee and payment"))
    term_years = models.PositiveSmallIntegerField(_("licence term (years)"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.STANDING)
    declared_on = models.DateField(_("declared on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("open-licence declaration")
        verbose_name_plural = _("open-licence declarations")
        constraints = [
            models.UniqueConstraint(fields=["patent"], condition=Q(status="standing"),
                                    name="one_standing_open_licence_per_patent"),
        ]

    def __str__(self) -> str:
        return f"{self.patent} ({self.status})"

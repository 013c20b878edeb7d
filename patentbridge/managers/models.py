"""Technology managers (技术经理人): a member of an institution's office with the tech-transfer-manager role, their
profile (grade, certificate, fields of expertise, a short bio) and their training.

The three grades follow T/CASTEM 1007—2022 (初级 / 中级 / 高级, rules-round2 §4.1); what each grade requires was not
retrieved, so the platform checks none of it: the organisation's administrator records the grade it has certified.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Industry

USER = settings.AUTH_USER_MODEL
EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


class Rank(models.TextChoices):
    """The grades of T/CASTEM 1007—2022 《技术经理人能力评价规范》."""

    JUNIOR = "junior", pgettext_lazy("technology manager grade", "Junior")
    INTERMEDIATE = "intermediate", pgettext_lazy("technology manager grade", "Intermediate")
    SENIOR = "senior", pgettext_lazy("technology manager grade", "Senior")


class ManagerProfile(models.Model):
    """One person's record as a technology manager of one organisation."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="manager_profile",
                                verbose_name=_("manager"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="manager_profiles",
                                     verbose_name=_("organisation"))
    # Empty until the organisation records a grade it has certified.
    rank = models.CharField(_("grade"), max_length=12, choices=Rank.choices, blank=True, db_index=True)
    rank_since = models.DateField(_("grade held since"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certificate_issuer = models.CharField(_("certificate issued by"), max_length=200, blank=True)
    ipc_codes = models.JSONField(_("IPC fields"), default=list, blank=True)
    industries = models.ManyToManyField(Industry, blank=True, related_name="+",
                                        verbose_name=_("industries (GB/T 4754)"))
    tags = models.JSONField(_("other fields"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=2000)
    public = models.BooleanField(_("shown to enterprises"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation_id", "user__username"]
        verbose_name = _("technology manager profile")
        verbose_name_plural = _("technology manager profiles")
        constraints = [models.CheckConstraint(condition=Q(rank_since__isnull=True) | ~Q(rank=""),
                                              name="manager_rank_since_only_with_a_rank")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class TrainingRecord(models.Model):
    """A course a manager took, with its hours; the same course on the same day is recorded once."""

    profile = models.ForeignKey(ManagerProfile, on_delete=models.CASCADE, related_name="training",
                                verbose_name=_("manager"))
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.1"))])
    taken_on = models.DateField(_("date"))
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="managers/training/%Y/", blank=True,
                                validators=[FileExtensionValidator(list(EVIDENCE_EXTENSIONS))])
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.UniqueConstraint(fields=["profile", "course", "taken_on"], name="training_once_per_course_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.taken_on:%Y-%m-%d})"

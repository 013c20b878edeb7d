"""The expert committee for technology transfer (科技成果转移转化工作专家委员会, 教科技〔2020〕1号): an organisation's
committee reviews matters that higher apps put before it — a filing decision on a technology case, a deal above the
policy's amount, an equity contribution. What is reviewed is any record (a generic subject), so that this app knows
nothing of the apps above it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation

USER = settings.AUTH_USER_MODEL


class ReviewMatter(models.TextChoices):
    FILING = "filing", _("Filing decision")
    CONVERSION = "conversion", _("Conversion deal")
    EQUITY = "equity", _("Equity contribution")
    OTHER = "other", _("Other matter")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the committee")
    SCHEDULED = "scheduled", _("On a meeting's agenda")
    APPROVED = "approved", _("Approved by the committee")
    REJECTED = "rejected", _("Rejected by the committee")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_REVIEW_STATUSES = (ReviewStatus.PENDING, ReviewStatus.SCHEDULED)


class ReviewRequest(models.Model):
    """One matter put before an organisation's committee; decided once, at a meeting."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="committee_reviews",
                                     verbose_name=_("organisation"))
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    matter = models.CharField(_("matter"), max_length=16, choices=ReviewMatter.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    amount = models.DecimalField(_("amount (RMB)"), max_digits=16, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("committee review")
        verbose_name_plural = _("committee reviews")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "matter"],
                                    condition=Q(status__in=["pending", "scheduled"]),
                                    name="committee_one_live_review_per_subject_matter"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="committee_review_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

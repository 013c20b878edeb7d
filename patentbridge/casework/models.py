"""Invention disclosure (发明披露, 教科技〔2020〕1号) and the technology case that follows one technology through its
life: assessment by a technology manager, the office's decision (with the expert committee where its policy says so),
the application, the grant, upkeep, promotion, negotiation, the deal and its revenue (rules-round2 §4).

The case keeps only its own facts and events; pool entries, deals, incomes and attributions stay in their own apps
and are read through the case's patents (CasePatent)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.committee import selectors as committee_selectors
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import WITHHELD_NAME, Patent

USER = settings.AUTH_USER_MODEL
PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class FundingSource(models.TextChoices):
    FISCAL = "fiscal", _("Fiscal funds")
    ENTERPRISE = "enterprise", _("Commissioned by an enterprise")
    OWN = "own", _("Own funds")


class Stage(models.TextChoices):
    DISCLOSURE = "disclosure", _("Disclosed")
    ASSESSMENT = "assessment", _("Under assessment")
    COMMITTEE = "committee", _("Before the committee")
    FILING_DECIDED = "filing_decided", _("Filing decided")
    APPLICATION = "application", _("Application filed")
    GRANT = "grant", pgettext_lazy("case stage", "Granted")
    UPKEEP = "upkeep", _("Upkeep")
    PROMOTION = "promotion", _("Promotion")
    NEGOTIATION = "negotiation", _("Negotiation")
    DEAL = "deal", _("Deal")
    REVENUE = "revenue", _("Revenue")
    CLOSED = "closed", _("Not filed (closed)")


class CaseRoute(models.TextChoices):
    FILE = "file", _("File a patent application")
    PUBLISH = "publish", _("Publish")
    SECRET = "secret", _("Keep as a technical secret")
    RELEASE = "release", _("Release to the inventors (赋权)")


class ReleaseKind(models.TextChoices):
    OWNERSHIP = "ownership", _("Ownership share")
    LONG_TERM_USE = "long_term_use", _("Long-term use right (at least 10 years)")


class Disclosure(models.Model):
    """What the inventors tell their institution about a service invention, with the prior-art check's result."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosures",
                                     verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem solved"))
    solution = models.TextField(_("solution"))
    advantages = models.TextField(_("advantages"), blank=True)
    funding_source = models.CharField(_("funding"), max_length=12, choices=FundingSource.choices, blank=True)
    project_number = models.CharField(_("project number"), max_length=100, blank=True)
    disclosed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("disclosed by"))
    disclosed_at = models.DateTimeField(_("disclosed at"), auto_now_add=True)
    prior_art = models.JSONField(_("nearest prior patents"), default=list, blank=True)
    prior_art_ipc = models.JSONField(_("suggested IPC subclasses"), default=list, blank=True)
    prior_art_notices = models.JSONField(default=list, blank=True)
    prior_art_checked_at = models.DateTimeField(_("prior art checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invention disclosure")
        verbose_name_plural = _("invention disclosures")
        ordering = ["-disclosed_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def search_text(self) -> str:
        return " ".join(part for part in (self.title, self.problem, self.solution, self.advantages) if part)


class DisclosureInventor(models.Model):
    """An inventor of the disclosure: a user of the organisation, or a named outsider; shares add up to 100 %."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="inventors")
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures_named",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    share = models.DecimalField(_("share (%)"), **PERCENT)
    # The person had their information erased; the row stays as the invention record (PIPL Art 47 ¶2: stored, the
    # name no longer shown or used).
    withheld = models.BooleanField(_("name withheld"), default=False, editable=False)

    class Meta:
        verbose_name = _("inventor of a disclosure")
        verbose_name_plural = _("inventors of disclosures")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="casework_share_in_range"),
            models.UniqueConstraint(fields=["disclosure", "user"], condition=Q(user__isnull=False),
                                    name="casework_inventor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name_shown} {self.share}%"

    @property
    def name_shown(self) -> str:
        return str(WITHHELD_NAME) if self.withheld else self.name


class PlannedPublication(models.Model):
    """A paper or talk the inventors plan: publishing before filing destroys novelty."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="publications")
    planned_on = models.DateField(_("planned on"))
    venue = models.CharField(_("venue"), max_length=300)

    class Meta:
        verbose_name = _("planned publication")
        verbose_name_plural = _("planned publications")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.planned_on} {self.venue}"


def attachment_path(instance: DisclosureAttachment, filename: str) -> str:
    return f"casework/{instance.disclosure_id}/{filename}"


class DisclosureAttachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment of a disclosure")
        verbose_name_plural = _("attachments of disclosures")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TechnologyCase(models.Model):
    """One technology across its life, from its disclosure on."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="case",
                                      verbose_name=_("disclosure"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="technology_cases",
                                     verbose_name=_("organisation"))
    manager = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="managed_cases",
                                verbose_name=_("technology manager"))
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.DISCLOSURE)
    stage_changed_at = models.DateTimeField(_("stage since"), auto_now_add=True)
    route = models.CharField(_("decided route"), max_length=10, choices=CaseRoute.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    application_number = models.CharField(_("application number"), max_length=16, unique=True, null=True, blank=True)
    filed_on = models.DateField(_("filing date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("technology case")
        verbose_name_plural = _("technology cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(application_number__isnull=True) | Q(filed_on__isnull=False),
                                   name="casework_application_has_date"),
        ]

    def __str__(self) -> str:
        return self.disclosure.title if self.disclosure_id else str(self.pk)

    def inventor_user_ids(self) -> set[int]:
        return set(self.disclosure.inventors.exclude(user=None).values_list("user_id", flat=True))

    def committee_reads(self, user) -> bool:  # noqa: ANN001 - a User
        """A member of the committee that has this case on a meeting's agenda."""
        return committee_selectors.can_see_subject(user, self)


class CaseAssessment(models.Model):
    """The manager's assessment: doubts about novelty, the market, and the route proposed with its reasons."""

    case = models.OneToOneField(TechnologyCase, on_delete=models.CASCADE, related_name="assessment")
    novelty_doubts = models.TextField(_("doubts about novelty"), blank=True)
    doubtful_patents = models.JSONField(_("prior patents in doubt"), default=list, blank=True)
    market = models.TextField(_("market: who would buy, in which fields"), blank=True)
    route = models.CharField(_("proposed route"), max_length=10, choices=CaseRoute.choices)
    reasons = models.TextField(_("reasons"))
    release_kind = models.CharField(_("release as"), max_length=16, choices=ReleaseKind.choices, blank=True)
    release_share = models.DecimalField(_("inventors' ownership share (%)"), null=True, blank=True, **PERCENT)
    release_years = models.PositiveSmallIntegerField(_("term of the use right (years)"), null=True, blank=True)
    income_split = models.CharField(_("income split"), max_length=300, blank=True)
    cost_sharing = models.CharField(_("cost and fee sharing"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("case assessment")
        verbose_name_plural = _("case assessments")
        constraints = [
            models.CheckConstraint(condition=Q(release_years__isnull=True) | Q(release_years__gte=10),
                                   name="casework_use_right_at_least_ten_years"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.route}"


class CasePatent(models.Model):
    """A patent of the register linked to the case (by its application number); the link sticks once made."""

    case = models.ForeignKey(TechnologyCase, on_delete=models.CASCADE, related_name="patent_links")
    patent = models.OneToOneField(Patent, on_delete=models.CASCADE, related_name="technology_case_link")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("patent of a case")
        verbose_name_plural = _("patents of cases")

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.patent_id}"


class EventKind(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed")
    PRIOR_ART = "prior_art", _("Prior-art check run")
    ASSIGNED = "assigned", _("Manager assigned")
    ASSESSED = "assessed", _("Assessment recorded")
    DECIDED = "decided", _("Decided")
    REVIEW_REQUESTED = "review_requested", _("Put before the committee")
    REVIEW_DECIDED = "review_decided", _("Committee decided")
    FILED = "filed", _("Application filed")
    PATENT_LINKED = "patent_linked", _("Patent linked")
    STAGE = "stage", _("Stage reached")


class CaseEvent(models.Model):
    """One step of the case itself (records of other apps are read, not copied)."""

    case = models.ForeignKey(TechnologyCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    stage_from = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    stage_to = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class TaskKind(models.TextChoices):
    MANUAL = "manual", _("Task")
    ASSESS = "assess", _("Assess the disclosure")
    FEE = "fee", _("Decide on an annual fee")


class CaseTask(models.Model):
    """Work with a due date for the case's manager."""

    case = models.ForeignKey(TechnologyCase, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=10, choices=TaskKind.choices, default=TaskKind.MANUAL)
    title = models.CharField(_("task"), max_length=300)
    assignee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_tasks",
                                 verbose_name=_("assignee"))
    due_on = models.DateField(_("due on"))
    key = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], condition=~Q(key=""),
                                               name="casework_automatic_task_once")]

    def __str__(self) -> str:
        return self.title

"""Enterprise technology demands (技术需求) and their matches to patents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.orgs.models import City, Organisation
from patentbridge.patents.models import Industry, Patent


class Mode(models.TextChoices):
    LICENCE = "licence", _("Licence")
    TRANSFER = "transfer", _("Transfer")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Platform members")
    INVITED = "invited", _("Invited institutions only")


class DemandStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("demand status", "Draft")
    PUBLISHED = "published", pgettext_lazy("demand status", "Published")
    MATCHED = "matched", pgettext_lazy("demand status", "Matched")
    CLOSED = "closed", pgettext_lazy("demand status", "Closed")


class Demand(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="demands")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("technical problem"))
    desired_effect = models.TextField(_("desired effect"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT)
    ipc_hints = models.JSONField(_("IPC hints"), default=list, blank=True)
    budget_min = models.DecimalField(_("budget from (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("budget up to (RMB)"), max_digits=14, decimal_places=2, null=True, blank=True)
    modes = models.JSONField(_("preferred modes"), default=list, blank=True)
    region = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    invited = models.ManyToManyField(Organisation, blank=True, related_name="demand_invitations")
    status = models.CharField(_("status"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.DRAFT,
                              db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # jieba tokens of search_text, kept so that matching a patent against thousands of demands does not
    # segment every demand again on each page view.
    search_tokens = models.JSONField(default=list, blank=True, editable=False)
    search_tokens_version = models.CharField(max_length=8, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("technology demand")
        verbose_name_plural = _("technology demands")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True) | Q(budget_max__isnull=True) | Q(budget_max__gte=F("budget_min")),
                name="demand_budget_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def search_text(self) -> str:
        return " ".join(filter(None, [self.title, self.problem, self.desired_effect, " ".join(self.keywords)]))

    def refresh_tokens(self) -> list[str]:
        """Store the current tokenizer's tokens of search_text, and which tokenizer made them (not saved)."""
        from patentbridge.search.text import TOKENS_VERSION, tokens

        self.search_tokens, self.search_tokens_version = tokens(self.search_text), TOKENS_VERSION
        return self.search_tokens

    def current_tokens(self) -> list[str]:
        """The stored tokens when the tokenizer that made them is the current one; else computed afresh."""
        from patentbridge.search.text import TOKENS_VERSION, tokens

        if self.search_tokens and self.search_tokens_version == TOKENS_VERSION:
            return self.search_tokens
        return tokens(self.search_text)


class DemandTransition(models.Model):
    """Who moved a demand along its lifecycle (demands.services.STEPS), and when."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=DemandStatus.choices)
    to_status = models.CharField(max_length=10, choices=DemandStatus.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "pk"]


class MatchStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")  # kept by the enterprise to decide later
    SENT = "sent", _("Sent to the enterprise")
    INTERESTED = "interested", _("Interesting")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class Match(models.Model):
    """A patent put forward for a demand, and what the enterprise said about it. Its first step creates it."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="matches")
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="demand_matches")
    status = models.CharField(max_length=14, choices=MatchStatus.choices)
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "patent"], name="match_unique")]
        verbose_name = _("match")
        verbose_name_plural = _("matches")


class MatchTransition(models.Model):
    """Who took each step of a match (demands.services.MATCH_STEPS), when, with the note or reason given."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="transitions")
    # blank: the step that created the match
    from_status = models.CharField(max_length=14, blank=True, choices=MatchStatus.choices)
    to_status = models.CharField(max_length=14, choices=MatchStatus.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "pk"]

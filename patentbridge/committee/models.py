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
from django.utils import timezone
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
    # Where the subject's own app shows it (to those it lets read it); the committee shows no more than the title.
    link = models.CharField(_("link"), max_length=300, blank=True)

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


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")


class CommitteeMember(models.Model):
    """A seat on an organisation's committee for a period; an external expert is a user of another organisation (or
    of none)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="committee_seats",
                                     verbose_name=_("organisation"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["role", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="committee_member_period_ordered"),
            models.UniqueConstraint(fields=["organisation", "user", "starts_on"], name="committee_member_one_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"

    def is_current(self, on) -> bool:  # noqa: ANN001 - a date
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class CommitteePolicy(models.Model):
    """What must go before the organisation's committee, and how it decides. Empty shares fall back to the platform's
    defaults (settings COMMITTEE_DEFAULT_QUORUM, COMMITTEE_DEFAULT_PASS_SHARE: ours, no rule was retrieved)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="committee_policy",
                                        verbose_name=_("organisation"))
    filing_needs_review = models.BooleanField(_("filing decisions need review"), default=False)
    deal_amount_above = models.DecimalField(_("deals above this amount need review (RMB)"), max_digits=16,
                                            decimal_places=2, null=True, blank=True)
    equity_needs_review = models.BooleanField(_("equity contributions need review"), default=False)
    quorum = models.DecimalField(_("quorum (share of members present)"), max_digits=4, decimal_places=3, null=True,
                                 blank=True)
    pass_share = models.DecimalField(_("approval needs more than this share of the votes cast"), max_digits=4,
                                     decimal_places=3, null=True, blank=True)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("committee policy")
        verbose_name_plural = _("committee policies")
        constraints = [
            models.CheckConstraint(condition=Q(deal_amount_above__isnull=True) | Q(deal_amount_above__gte=0),
                                   name="committee_policy_amount_not_negative"),
            models.CheckConstraint(condition=Q(quorum__isnull=True) | (Q(quorum__gt=0) & Q(quorum__lte=1)),
                                   name="committee_policy_quorum_share"),
            models.CheckConstraint(condition=Q(pass_share__isnull=True) | (Q(pass_share__gte=0) & Q(pass_share__lt=1)),
                                   name="committee_policy_pass_share"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A review meeting of the committee, with the pending reviews on its agenda."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="committee_meetings",
                                     verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(place="", online_link=""),
                                              name="committee_meeting_has_a_place_or_link")]

    def __str__(self) -> str:
        return self.title

    def member_user_ids(self) -> set[int]:
        """The users sitting on the organisation's committee on the meeting's day (the permission module reads it)."""
        return set(seats_on(self.organisation_id, timezone.localdate(self.starts_at)).values_list("user_id", flat=True))

    def chair_user_ids(self) -> set[int]:
        return set(seats_on(self.organisation_id, timezone.localdate(self.starts_at)).filter(role=MemberRole.CHAIR)
                   .values_list("user_id", flat=True))


def seats_on(organisation_id: int, on) -> models.QuerySet[CommitteeMember]:  # noqa: ANN001 - a date
    """The seats of the organisation's committee held on that day."""
    return CommitteeMember.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), organisation_id=organisation_id,
                                          starts_on__lte=on)


class ItemOutcome(models.TextChoices):
    OPEN = "", _("Not decided")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class AgendaItem(models.Model):
    """A review on a meeting's agenda, and the decision the meeting took on it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    review = models.ForeignKey(ReviewRequest, on_delete=models.PROTECT, related_name="agenda_items",
                               verbose_name=_("review"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ItemOutcome.choices, blank=True, default="")
    decision_note = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "review"], name="committee_item_once_per_meeting"),
            # A review waits on one meeting's agenda at a time.
            models.UniqueConstraint(fields=["review"], condition=Q(outcome=""), name="committee_item_one_open"),
        ]

    def __str__(self) -> str:
        return str(self.review)


class Attendance(models.Model):
    """A member present at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="attendance")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="committee_attendance_once")]


class Choice(models.TextChoices):
    NONE = "", _("Not voted")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    ABSTAIN = "abstain", _("Abstain")


class Opinion(models.Model):
    """A member's stand on one agenda item: the conflict-of-interest declaration first, then (if not conflicted) the
    vote with its reasons. The vote lives on the declaration's row, so that the database itself refuses a vote by a
    member who declared a conflict."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="opinions")
    conflicted = models.BooleanField(_("conflict of interest"))
    conflict_reason = models.TextField(_("the conflict"), blank=True)
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices, blank=True, default="")
    text = models.TextField(_("opinion"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    voted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="committee_opinion_once"),
            models.CheckConstraint(condition=Q(conflicted=False) | Q(choice=""),
                                   name="committee_conflicted_member_cannot_vote"),
            models.CheckConstraint(condition=Q(conflicted=False) | ~Q(conflict_reason=""),
                                   name="committee_conflict_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.item}"

"""Matchmaking events (供需对接活动), promotion and auction fairs for SMEs (推介会/拍卖会) and finance events (入园惠企,
知惠行): an organiser publishes a themed event, the platform proposes patents and enterprises that fit its theme, the
organiser invites them, enterprises and patent holders register, ask for one-to-one meetings, and the meetings are
scheduled into slots and tables and end with an outcome (a started deal is linked)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.deals.models import Deal
from patentbridge.industries.models import SeiIndustry
from patentbridge.orgs.models import City, Organisation
from patentbridge.patents.models import Industry, Patent

USER = settings.AUTH_USER_MODEL


class EventKind(models.TextChoices):
    MATCHMAKING = "matchmaking", _("Supply–demand matchmaking")
    PROMOTION = "promotion", _("Product promotion fair")
    AUCTION_FAIR = "auction_fair", _("Auction fair")
    FINANCE = "finance", _("Finance event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CLOSED = "closed", pgettext_lazy("event status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(models.Model):
    """One event: who organises it, its theme (industry, IPC areas, city, words), when and where, its capacity and its
    one-to-one meeting grid (slots of `slot_minutes` from `meetings_start_at`, at `tables` tables)."""

    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="organised_events",
                                  verbose_name=_("organiser"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.MATCHMAKING)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    theme_words = models.CharField(_("theme words"), max_length=200, blank=True,
                                   help_text=_("Words that describe the theme, e.g. 工业机器人 视觉检测"))
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("industry (GB/T 4754)"))
    sei_industry = models.ForeignKey(SeiIndustry, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("strategic emerging industry"))
    ipc_areas = models.JSONField(_("IPC areas"), default=list, blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("city"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (organisations)"))
    waiting_list = models.BooleanField(_("keep a waiting list when full"), default=True)
    registration_deadline = models.DateTimeField(_("registration deadline"))
    meetings_start_at = models.DateTimeField(_("one-to-one meetings start at"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per meeting slot"), default=20)
    slots = models.PositiveSmallIntegerField(_("meeting slots"), default=6)
    tables = models.PositiveSmallIntegerField(_("meeting tables"), default=4)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT,
                              db_index=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("closed or cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_period_ordered"),
            models.CheckConstraint(condition=Q(registration_deadline__lte=F("ends_at")),
                                   name="event_registration_before_end"),
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(slot_minutes__gte=5) & Q(slots__gte=1)
                                   & Q(tables__gte=1), name="event_sizes_positive"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_link=""), name="event_has_place_or_link"),
        ]

    def __str__(self) -> str:
        return self.title

    def slot_start(self, slot: int) -> dt.datetime:
        return (self.meetings_start_at or self.starts_at) + dt.timedelta(minutes=self.slot_minutes * slot)

    def ipc_subclasses(self) -> list[str]:
        return sorted({code.strip().upper()[:4] for code in self.ipc_areas or [] if code.strip()})


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("event"))
    at = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{str(self.at)[:5]} {self.title}"


class Invitation(models.Model):
    """The organiser invited a proposed enterprise or patent holder (with the reasons it was proposed)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="event_invitations",
                                     verbose_name=_("organisation"))
    reasons = models.JSONField(default=list, blank=True)
    invited_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-invited_at", "pk"]
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="one_invitation_per_org")]

    def __str__(self) -> str:
        return f"{self.event} → {self.organisation}"


class Side(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise looking for technology")
    HOLDER = "holder", _("Patent holder")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("event registration", "Registered")
    WAITING = "waiting", pgettext_lazy("event registration", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("event registration", "Cancelled")


LIVE_REGISTRATION = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="event_registrations",
                                     verbose_name=_("organisation"))
    side = models.CharField(_("comes as"), max_length=10, choices=Side.choices)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    patents = models.ManyToManyField(Patent, blank=True, related_name="+", verbose_name=_("patents brought"))
    registered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [models.UniqueConstraint(fields=["event", "organisation"],
                                               condition=Q(status__in=["registered", "waiting"]),
                                               name="one_live_registration_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("meeting status", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("meeting status", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("meeting status", "Withdrawn")


class MeetingOutcome(models.TextChoices):
    NO_INTEREST = "no_interest", _("No interest")
    FOLLOW_UP = "follow_up", _("Follow-up agreed")
    DEAL_STARTED = "deal_started", _("Deal started")


class Meeting(models.Model):
    """An enterprise asks a patent holder for a one-to-one meeting about a patent; the holder answers; the organiser
    puts accepted meetings into a slot at a table; afterwards it records its outcome."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    enterprise = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("enterprise"))
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("patent holder"))
    patent = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("patent"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.REQUESTED)
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=MeetingOutcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    deal = models.ForeignKey(Deal, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("deal"))
    outcome_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["slot", "table", "requested_at", "pk"]
        verbose_name = _("one-to-one meeting")
        verbose_name_plural = _("one-to-one meetings")
        constraints = [
            models.CheckConstraint(condition=~Q(enterprise=F("holder")), name="meeting_two_organisations"),
            models.CheckConstraint(condition=Q(slot__isnull=True, table__isnull=True)
                                   | Q(slot__isnull=False, table__isnull=False, status="accepted"),
                                   name="meeting_scheduled_when_accepted"),
            models.UniqueConstraint(fields=["event", "slot", "table"], condition=Q(slot__isnull=False),
                                    name="one_meeting_per_table_and_slot"),
            models.UniqueConstraint(fields=["event", "enterprise", "holder", "patent"],
                                    condition=Q(status__in=["requested", "accepted"]),
                                    name="one_live_meeting_per_pair_and_patent"),
            models.CheckConstraint(condition=Q(outcome="deal_started", deal__isnull=False)
                                   | (~Q(outcome="deal_started") & Q(deal__isnull=True)),
                                   name="meeting_deal_with_deal_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} × {self.holder}"

    def party_ids(self) -> set[int]:
        return {self.enterprise_id, self.holder_id}


class MeetingSeat(models.Model):
    """One organisation's seat in one slot: the database refuses an organisation in two meetings of one slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "slot", "organisation"],
                                               name="one_meeting_per_org_and_slot")]

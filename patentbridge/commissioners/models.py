"""Point-to-point service by 专利运营特派员 (patent-operation commissioners): a regulator designates a person for a city
and a period and assigns enterprises to them; an enterprise opens a service request, which its commissioner (or,
without one, any commissioner of its city) accepts, serves with visits and recommendations, and closes with an outcome;
a deal that follows carries the commissioner's attribution, claimed once and confirmed by a party of the deal.

No Guangdong text defining the role was found (rules-round2 §6): periods, service-level time and outcomes are ours.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patentbridge.deals.models import Deal
from patentbridge.demands.models import Demand
from patentbridge.orgs.models import City, Organisation
from patentbridge.patents.models import Patent

USER = settings.AUTH_USER_MODEL


class Designation(models.Model):
    """One person designated as 特派员 for one city, for a period, until revoked."""

    commissioner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="commissioner_designations",
                                     verbose_name=_("commissioner"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commissioner_designations",
                                     verbose_name=_("works for"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="commissioner_designations",
                             verbose_name=_("city"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    designated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("designated by"))
    designated_at = models.DateTimeField(_("designated at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("revoked by"))
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["city_id", "-starts_on", "pk"]
        verbose_name = _("commissioner designation")
        verbose_name_plural = _("commissioner designations")
        constraints = [
            models.UniqueConstraint(fields=["commissioner", "city"], condition=Q(revoked_at__isnull=True),
                                    name="one_live_designation_per_person_and_city"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="designation_period_ordered"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                                   name="designation_revoked_with_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.commissioner} · {self.city_id}"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.revoked_at is None and self.starts_on <= on
                and (self.ends_on is None or on <= self.ends_on))


def active_designations(on: dt.date | None = None) -> models.QuerySet[Designation]:
    """Designations in force on the day: not revoked, within their period."""
    on = on or timezone.localdate()
    return Designation.objects.filter(revoked_at__isnull=True, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Assignment(models.Model):
    """An enterprise in a commissioner's care; it ends when the designation is revoked or the enterprise moves."""

    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="assignments",
                                    verbose_name=_("commissioner"))
    enterprise = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commissioner_assignments",
                                   verbose_name=_("enterprise"))
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enterprise__name", "pk"]
        verbose_name = _("assigned enterprise")
        verbose_name_plural = _("assigned enterprises")
        constraints = [models.UniqueConstraint(fields=["enterprise"], condition=Q(ended_at__isnull=True),
                                               name="one_commissioner_per_enterprise")]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.designation}"


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("service request status", "Awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("service request status", "Accepted")
    CLOSED = "closed", pgettext_lazy("service request status", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("service request status", "Withdrawn")


class Outcome(models.TextChoices):
    NONE = "none", _("No result")
    FOLLOW_UP = "follow_up", _("Follow-up agreed")
    DEAL_STARTED = "deal_started", _("Deal started")


class ServiceRequest(models.Model):
    """An enterprise asks for point-to-point service: what it needs, by when."""

    enterprise = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_requests",
                                   verbose_name=_("enterprise"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="service_requests", verbose_name=_("city"))
    # The serving commissioner: the assigned one from the start, else whoever of the city's pool accepts it.
    designation = models.ForeignKey(Designation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="requests", verbose_name=_("commissioner"))
    need = models.TextField(_("what is needed"))
    deadline = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN,
                              db_index=True)
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    accept_by = models.DateField(_("to be accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome in words"), blank=True)
    deal = models.ForeignKey(Deal, null=True, blank=True, on_delete=models.PROTECT, related_name="service_requests",
                             verbose_name=_("deal"))

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        constraints = [
            models.CheckConstraint(condition=Q(deal__isnull=True) | Q(outcome="deal_started"),
                                   name="service_request_deal_only_when_started"),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""),
                                   name="service_request_closed_with_outcome"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.enterprise}"

    def server_user_ids(self) -> set[int]:
        """Who may take the next step: its commissioner while in force; while open and unassigned, the city's pool."""
        if self.designation_id is not None:
            return {self.designation.commissioner_id} if self.designation.is_active() else set()
        if self.status != RequestStatus.OPEN:
            return set()
        return set(active_designations().filter(city_id=self.city_id).values_list("commissioner_id", flat=True))

    def reader_user_ids(self) -> set[int]:
        """Its commissioners, past or present, read it."""
        return self.server_user_ids() | ({self.designation.commissioner_id} if self.designation_id else set())

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == RequestStatus.OPEN and (today or timezone.localdate()) > self.accept_by


class RequestStep(models.Model):
    """One step of a request's life, with who took it and their words."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=RequestStatus.choices)
    to_status = models.CharField(max_length=10, choices=RequestStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Visit(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    people = models.CharField(_("who took part"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")


class Recommendation(models.Model):
    """A patent of the register, a demand, or (until the events app exists) an event in words, sent to the
    enterprise for its request."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="recommendations")
    patent = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="commissioner_recommendations", verbose_name=_("patent"))
    demand = models.ForeignKey(Demand, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="commissioner_recommendations", verbose_name=_("demand"))
    event = models.CharField(_("event"), max_length=300, blank=True)
    note = models.TextField(_("why"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [models.CheckConstraint(
            condition=(Q(patent__isnull=False, demand__isnull=True, event="")
                       | Q(patent__isnull=True, demand__isnull=False, event="")
                       | (Q(patent__isnull=True, demand__isnull=True) & ~Q(event=""))),
            name="recommendation_one_thing")]

    def __str__(self) -> str:
        return str(self.patent or self.demand or self.event)


class AttributionStatus(models.TextChoices):
    CLAIMED = "claimed", pgettext_lazy("attribution status", "Claimed")
    CONFIRMED = "confirmed", pgettext_lazy("attribution status", "Confirmed")
    REFUSED = "refused", pgettext_lazy("attribution status", "Refused")


class Attribution(models.Model):
    """The commissioner a deal followed from: claimed once per deal, confirmed or refused by a party of it."""

    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, related_name="commissioner_attribution",
                                verbose_name=_("deal"))
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="attributions",
                                    verbose_name=_("commissioner"))
    # The source: the service request it followed from, or the patent recommended in one.
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="attributions",
                                verbose_name=_("service request"))
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="attributions", verbose_name=_("recommended patent"))
    status = models.CharField(_("status"), max_length=10, choices=AttributionStatus.choices,
                              default=AttributionStatus.CLAIMED)
    claimed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("claimed by"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_for = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("for the party"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deal attribution")
        verbose_name_plural = _("deal attributions")

    def __str__(self) -> str:
        return f"{self.deal} ← {self.designation}"

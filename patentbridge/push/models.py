"""Precise push (精准推送): subscriptions, register events, and one notification per event and person."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patentbridge.demands.models import Demand
from patentbridge.orgs.models import City
from patentbridge.patents.models import Patent


class Frequency(models.TextChoices):
    INSTANT = "instant", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Subscription(models.Model):
    """What a person wants to hear about: a saved search, one of their demands, or an IPC/industry/city profile."""

    class Kind(models.TextChoices):
        SEARCH = "search", _("Saved search")
        DEMAND = "demand", _("Demand")
        PROFILE = "profile", _("IPC / industry / city profile")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search words"), max_length=500, blank=True)
    demand = models.ForeignKey(Demand, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    ipc_prefixes = models.JSONField(_("IPC"), default=list, blank=True)
    industry_codes = models.JSONField(_("industries"), default=list, blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    active = models.BooleanField(default=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return self.name


class PatentEvent(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", _("New patent")
        CHANGED = "changed", _("Patent changed")
        OPEN_LICENCE = "open_licence", _("Newly open-licensed")
        TIER_CHANGED = "tier_changed", _("Pool tier changed")
        POOLED = "pooled", _("Entered the convertible-patent pool")

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="push_events")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(PatentEvent, on_delete=models.CASCADE, related_name="notifications")
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_notification_per_event_and_user")]

"""A person's notifications: one row per event and recipient, shown in the inbox and, by preference, e-mailed.

A notice stores its kind and the event's facts (params), not a sentence: the sentence is the kind's text, rendered
when it is shown, so the inbox reads in whatever language the person has chosen at that moment (notices.texts).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from patentbridge.notices.kinds import Delivery, NoticeKind
from patentbridge.notices.texts import render
from patentbridge.orgs.models import Organisation


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organisation"))
    # The event's identity: the same event never notifies the same person twice (a retried task, a double click).
    key = models.CharField(_("event key"), max_length=200, blank=True)
    # False where the event's own app e-mails it (push digests, the daily reminders list): inbox only here.
    mail = models.BooleanField(_("may be e-mailed"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_read")]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                               name="one_notice_per_event_and_recipient")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    def get_open_path(self) -> str:
        """The path that marks the notice read and goes on to the thing to act on."""
        return reverse("notices:open", args=[self.pk])

    @staticmethod
    def preferences_path() -> str:
        return reverse("notices:preferences")

    @property
    def text(self) -> str:
        return render(self.kind, self.params)


class NoticePreference(models.Model):
    """How one person wants one kind of notice e-mailed; no row means the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    delivery = models.CharField(_("e-mail"), max_length=12, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_notice_preference_per_kind")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

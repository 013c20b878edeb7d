"""Requests about a person's personal information (个人信息保护法 Arts 44–47, 50): to know and copy it, to correct it,
to erase it. The subject is a user account, or an outside person (an inventor with no account) named with a contact;
the request goes received → verified → done, or is refused with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

USER = settings.AUTH_USER_MODEL


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access and copy personal information")  # PIPL Art 44, 45
    CORRECT = "correct", _("Correct personal information")  # PIPL Art 46
    ERASE = "erase", _("Erase personal information")  # PIPL Art 47


class RequestState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("privacy request state", "Received")
    VERIFIED = "verified", pgettext_lazy("privacy request state", "Identity verified")
    DONE = "done", pgettext_lazy("privacy request state", "Done")
    REFUSED = "refused", pgettext_lazy("privacy request state", "Refused")


class PrivacyRequest(models.Model):
    """One request by (or for) one person; its outcome lists what was erased and what was kept, and why."""

    kind = models.CharField(_("request"), max_length=8, choices=RequestKind.choices)
    state = models.CharField(_("state"), max_length=8, choices=RequestState.choices, default=RequestState.RECEIVED,
                             db_index=True)
    subject_user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="privacy_requests", verbose_name=_("account of the person"))
    subject_name = models.CharField(_("name of the person"), max_length=100)
    subject_contact = models.CharField(_("contact (phone or e-mail)"), max_length=200, blank=True)
    details = models.TextField(_("what the person asks"), blank=True, max_length=4000)
    received_at = models.DateTimeField(_("received at"))
    due_on = models.DateField(_("answer due by"))
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("filed by"))
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("identity verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.CharField(_("how the identity was verified"), max_length=300, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("answered by"))
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    answer = models.TextField(_("answer to the person"), blank=True)
    # What an erasure did, by source: {"erased": [...], "kept": [...]} (see privacy.registry); rows and fields only,
    # never the erased values themselves.
    outcome = models.JSONField(_("result of the request"), default=dict, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("personal information request")
        verbose_name_plural = _("personal information requests")
        constraints = [
            models.CheckConstraint(condition=~Q(state=RequestState.REFUSED) | ~Q(refusal_reason=""),
                                   name="privacy_refused_with_reason"),
            models.CheckConstraint(condition=Q(state=RequestState.RECEIVED) | Q(verified_at__isnull=False)
                                   | Q(state=RequestState.REFUSED), name="privacy_done_only_when_verified"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_name}"

"""The kinds of notice and how each is e-mailed unless the person chooses otherwise."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    SELF_ASSESSMENT_REQUESTED = "self_assessment_requested", _("Self-assessment requested")
    SELF_ASSESSMENT_ANSWERED = "self_assessment_answered", _("Self-assessment answered")
    REVIEW_DECISION = "review_decision", _("Review decision")
    LICENCE_TAKEN = "licence_taken", _("Licence taken on your patent")
    INCOME_RECORDED = "income_recorded", _("Income recorded")
    SHARE_ALLOCATED = "share_allocated", _("Share allocated to you")
    DEAL_STEP = "deal_step", _("Deal step by the other party")
    RECORDATION_REFUSED = "recordation_refused", _("Recordation refused")
    RECORDATION_DUE = "recordation_due", _("Recordation due")
    FEE_DUE = "fee_due", _("Annual fee due")
    DEMAND_MATCHED = "demand_matched", _("Patent put forward for your demand")
    MATCH_ANSWERED = "match_answered", _("Enterprise answered a match")
    PATENT_PUSHED = "patent_pushed", _("New patent for your subscription")
    REWARD_STEP = "reward_step", _("Sales-based reward step")  # rewards: applied, decided, paid, withdrawn


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once")
    DIGEST = "digest", _("Daily digest")
    NEVER = "never", _("No e-mail")


# Kinds that ask the recipient to act are e-mailed at once unless they choose otherwise; the rest, which tell them
# something changed, wait for the daily digest.
ACT_KINDS = frozenset({NoticeKind.SELF_ASSESSMENT_REQUESTED, NoticeKind.SELF_ASSESSMENT_ANSWERED,
                       NoticeKind.DEAL_STEP, NoticeKind.RECORDATION_REFUSED, NoticeKind.RECORDATION_DUE,
                       NoticeKind.FEE_DUE, NoticeKind.DEMAND_MATCHED, NoticeKind.REWARD_STEP})


def default_delivery(kind: str) -> str:
    return Delivery.IMMEDIATELY if kind in ACT_KINDS else Delivery.DIGEST

"""Push statistics: pushed → opened → interested → converted."""

from __future__ import annotations

from django.db.models import Count, Q

from patentbridge.demands.models import Match, MatchStatus
from patentbridge.push.models import Notification


def funnel(organisation_ids: list[int] | None = None) -> dict[str, int]:
    """Counts for patents of these organisations (all when None). Converted counts come with licensing."""
    notifications = Notification.objects.all()
    matches = Match.objects.filter(status=MatchStatus.INTERESTED)
    if organisation_ids is not None:
        notifications = notifications.filter(patent__applicant_links__organisation_id__in=organisation_ids)
        matches = matches.filter(patent__applicant_links__organisation_id__in=organisation_ids)
    counts = notifications.aggregate(pushed=Count("pk", distinct=True),
                                     opened=Count("pk", filter=Q(opened_at__isnull=False), distinct=True))
    return {"pushed": counts["pushed"], "opened": counts["opened"],
            "interested": matches.values("pk").distinct().count(), "converted": 0}


def inbox(user):
    return Notification.objects.filter(user=user).select_related("patent", "subscription")

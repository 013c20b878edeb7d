"""Who sees which demands: the one place that scopes them (pages, API, matches)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from patentbridge.core.errors import NotFound
from patentbridge.demands.models import Demand, DemandStatus, DemandTransition, Match, MatchStatus, Visibility
from patentbridge.orgs.permissions import READ_ALL_ROLES, is_platform_admin, roles_of

LIVE = (DemandStatus.PUBLISHED, DemandStatus.MATCHED)


def demands_visible_to(user: Any) -> QuerySet[Demand]:
    queryset = Demand.objects.select_related("organisation", "industry", "region")
    if is_platform_admin(user) or any(role in READ_ALL_ROLES for _, role in roles_of(user)):
        return queryset
    live_public = Q(status__in=LIVE, visibility=Visibility.PUBLIC)
    if not getattr(user, "is_authenticated", False):
        return queryset.filter(live_public)
    own_orgs = {org_id for org_id, _ in roles_of(user)}
    return queryset.filter(
        live_public
        | Q(status__in=LIVE, visibility=Visibility.MEMBERS)
        | Q(status__in=LIVE, visibility=Visibility.INVITED, invited__in=own_orgs)
        | Q(organisation_id__in=own_orgs)
    ).distinct()


def demand_get(user: Any, demand_id: int) -> Demand:
    demand = demands_visible_to(user).filter(pk=demand_id).first()
    if demand is None:
        raise NotFound(gettext("No such demand, or it is not visible to you."),
                       details={"id": demand_id})
    return demand


def matches_of(demand: Demand) -> QuerySet[Match]:
    return demand.matches.select_related("patent").order_by("-updated_at")


def interest_for_patents(patent_ids: list[int]) -> QuerySet[Match]:
    """Enterprises' answers about these patents (for the patents' own offices)."""
    return Match.objects.filter(patent_id__in=patent_ids).select_related("demand__organisation", "patent")


def demand_history(demand: Demand) -> QuerySet[DemandTransition]:
    """Who moved the demand along its lifecycle, oldest first."""
    return demand.transitions.select_related("actor")


def demands_with_unanswered_matches(organisation_ids: set[int]) -> QuerySet[Demand]:
    """The organisations' demands to which patents were sent that the enterprise has not answered yet."""
    return (Demand.objects.filter(organisation_id__in=organisation_ids, matches__status=MatchStatus.SENT)
            .annotate(unanswered=Count("matches", filter=Q(matches__status=MatchStatus.SENT)))
            .order_by("deadline", "pk"))


def published_demands_visible_to(user: Any) -> QuerySet[Demand]:
    """Published demands the user can put patents forward to."""
    return demands_visible_to(user).filter(status=DemandStatus.PUBLISHED)

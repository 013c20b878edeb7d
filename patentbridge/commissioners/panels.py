"""The commissioner a deal followed from, on the deal's page (a section the deals app does not know of)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.commissioners.models import AttributionStatus
from patentbridge.commissioners.selectors import attribution_of
from patentbridge.deals.models import Deal
from patentbridge.orgs.permissions import Action, is_allowed


def deal_attribution(request: HttpRequest, deal: Deal) -> str:
    attribution = attribution_of(deal)
    if attribution is None:
        return ""
    may_decide = (attribution.status == AttributionStatus.CLAIMED
                  and is_allowed(request.user, Action.ATTRIBUTION_CONFIRM, attribution))
    return render_to_string("commissioners/_deal_panel.html",
                            {"attribution": attribution, "may_decide": may_decide}, request=request)

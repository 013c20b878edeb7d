"""Sections the demands app adds to the pages of apps below it (see core.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.demands.reverse import demands_for_patent, enterprises_for_patent
from patentbridge.demands.selectors import interest_for_patents
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.patents.models import Patent

CANDIDATES = 5


def patent_demand_panel(request: HttpRequest, patent: Patent) -> str:
    """For whoever may edit the patent: live demands it could answer, enterprises to approach, answers given."""
    if not is_allowed(request.user, Action.PATENT_CHANGE, patent):
        return ""
    return render_to_string("demands/_patent_panel.html", {
        "interest": interest_for_patents([patent.pk]),
        "demand_candidates": demands_for_patent(patent, request.user, limit=CANDIDATES),
        "enterprise_candidates": enterprises_for_patent(patent, limit=CANDIDATES),
    }, request=request)

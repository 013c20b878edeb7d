"""Sections this app adds to the patent page and the organisation page (see core.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.industries import selectors
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.patents.models import Patent


def patent_industries_panel(request: HttpRequest, patent: Patent) -> str:
    """The patent's industries by each route, with weights and patent-intensive classes (public, like the IPC)."""
    return render_to_string("industries/_patent_panel.html",
                            {"links": selectors.patent_industries(patent)}, request=request)


def organisation_industries_panel(request: HttpRequest, organisation: Organisation) -> str:
    """What the organisation declares it works in, and the way to change it for its administrator."""
    return render_to_string("industries/_organisation_panel.html", {
        "organisation": organisation, "declared": selectors.declared_industries(organisation),
        "can_declare": is_allowed(request.user, Action.INDUSTRY_DECLARE, organisation)}, request=request)

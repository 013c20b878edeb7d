"""On the patent page: a registered pledge being disposed of says so (a section the patents app does not know of)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.finance.selectors import open_disposal_of_patent
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.patents.models import Patent


def patent_disposal(request: HttpRequest, patent: Patent) -> str:
    """Everyone sees that the pledge is being disposed of once the patent is offered for sale; the case's readers see
    it from the start, with the link to the case."""
    disposal = open_disposal_of_patent(patent.pk)
    if disposal is None:
        return ""
    reads = is_allowed(request.user, Action.DISPOSAL_VIEW, disposal)
    if not reads and disposal.sent_at is None:
        return ""
    return render_to_string("finance/_patent_panel.html", {"disposal": disposal, "reads": reads}, request=request)

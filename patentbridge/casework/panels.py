"""The caseload table on the office's managers page (the managers app's slot "managers.office")."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.casework.selectors import caseload
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import case_office_org_ids


def caseload_panel(request: HttpRequest, organisation: Organisation) -> str:
    """Only the organisation's office sees its managers' caseload."""
    if organisation is None or organisation.pk not in case_office_org_ids(request.user):
        return ""
    return render_to_string("casework/_caseload.html", {"rows": caseload(organisation)}, request=request)

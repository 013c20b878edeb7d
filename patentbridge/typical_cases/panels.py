"""The typical cases a patent figures in, on the patent's page (a section the patents app does not know of)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.patents.models import Patent
from patentbridge.typical_cases.selectors import published_cases


def patent_typical_cases(request: HttpRequest, patent: Patent) -> str:
    cases = list(published_cases().filter(patents=patent)[:5])
    if not cases:
        return ""
    return render_to_string("typical_cases/_patent_panel.html", {"cases": cases}, request=request)

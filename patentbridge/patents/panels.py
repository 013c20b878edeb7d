"""Sections the register adds to the pages of apps below it (see core.panels)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.orgs.models import Organisation
from patentbridge.patents.selectors import patent_list

ORGANISATION_PAGE_SIZE = 20


def organisation_patents(request: HttpRequest, organisation: Organisation) -> str:
    """The organisation's own patents, a page at a time, on its profile."""
    patents = Paginator(patent_list({"organisation": organisation.pk}), ORGANISATION_PAGE_SIZE)
    return render_to_string("patents/_organisation_patents.html",
                            {"patents": patents.get_page(request.GET.get("page"))}, request=request)

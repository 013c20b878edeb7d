"""Pages of the patent register: list, detail, IPC pickers and imports."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.forms import add_domain_error
from patentbridge.core.pagination import CappedPaginator
from patentbridge.core.selectors import audit_entries
from patentbridge.core.spreadsheets import csv_response
from patentbridge.core.views import refused
from patentbridge.orgs.permissions import Action, authorize, is_allowed
from patentbridge.patents import selectors, services
from patentbridge.patents.forms import ImportForm, PatentEditForm
from patentbridge.patents.importing.runner import REPORT_HEADER
from patentbridge.patents.imports import import_upload, import_visible_or_404, imports_visible_to
from patentbridge.patents.models import IpcEntry

PAGE_SIZE = 25


@require_GET
def patent_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.patent_filterset(request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    ipc = filterset.form.cleaned_data.get("ipc", "") if filterset.is_valid() else ""
    context = {
        "filter": filterset, "page": page, "ipc_titles": selectors.ipc_titles([p.ipc_main for p in page if p.ipc_main]),
        "sections": selectors.ipc_sections(), "ipc_selected": ipc,
        "ipc_classes": selectors.ipc_children(ipc[:1], IpcEntry.Level.CLASS) if ipc else [],
        "ipc_subclasses": selectors.ipc_children(ipc[:3], IpcEntry.Level.SUBCLASS) if len(ipc) >= 3 else [],
        "query": _query_without_page(request),
    }
    template = "patents/_results.html" if request.headers.get("HX-Request") else "patents/list.html"
    return render(request, template, context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def ipc_options(request: HttpRequest) -> HttpResponse:
    """htmx: the class options of a section, or the subclass options of a class."""
    parent = request.GET.get("section") or request.GET.get("klass") or ""
    level = IpcEntry.Level.CLASS if len(parent) == 1 else IpcEntry.Level.SUBCLASS
    entries = selectors.ipc_children(parent.upper(), level) if parent else []
    return render(request, "patents/_ipc_options.html", {"entries": entries, "level": level})


@require_GET
def patent_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        patent = selectors.patent_get(number)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    context = {
        "patent": patent,
        "ipc_titles": selectors.ipc_titles(patent.ipc_codes),
        "timeline": selectors.timeline(patent),
        "audit": audit_entries(patent),
        "sources": selectors.record_sources(patent)[:20],
        "citations": selectors.patent_citations(patent),
        "can_edit": is_allowed(request.user, Action.PATENT_CHANGE, patent),
    }
    return render(request, "patents/detail.html", context)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(imports_visible_to(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "patents/import_list.html", {"page": page,
                  "can_import": is_allowed(request.user, Action.PATENT_IMPORT)})


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    try:
        authorize(request.user, Action.PATENT_IMPORT, request=request)
    except DomainError:
        return refused(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_upload(user=request.user, upload=form.cleaned_data["file"],
                                  mapping_text=form.cleaned_data["mapping"], sheet=form.cleaned_data["sheet"],
                                  header_row=form.cleaned_data["header_row"])
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, batch.summary)
            return redirect("patents:import_detail", import_id=batch.pk)
    return render(request, "patents/import_new.html", {"form": form})


def _visible_import(request: HttpRequest, import_id: int):
    try:
        return import_visible_or_404(request.user, import_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = _visible_import(request, import_id)
    page = Paginator(batch.rejections.all(), 50).get_page(request.GET.get("page"))
    return render(request, "patents/import_detail.html", {"batch": batch, "page": page})


@login_required
def import_report(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = _visible_import(request, import_id)
    path = Path(batch.report_path)
    name = f"import-{batch.pk}-rejected.csv"
    if not batch.report_path or not path.is_file():
        # Written on another host (a worker's disk): the rejected rows are in the database as well.
        if not batch.report_path:
            raise Http404("report file not found")
        return csv_response([REPORT_HEADER, *batch.rejections.values_list("line", "field", "reason", "value")], name)
    # Through the export helper again: reports written before it neutralised formulas are served safely too.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return csv_response(list(csv.reader(handle)), name)


@login_required
def patent_edit(request: HttpRequest, number: str) -> HttpResponse:
    try:
        patent = selectors.patent_get(number)
        authorize(request.user, Action.PATENT_CHANGE, patent, request=request)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError:
        return refused(request)
    form = PatentEditForm(request.POST or None, initial=PatentEditForm.initial_for(patent))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.patent_update(actor=request.user, patent=patent, data=form.changes())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("patents:detail", number=patent.lookup_number)
    return render(request, "patents/edit.html", {"patent": patent, "form": form})

"""The regulator's dashboard: the six targets with their definitions, filters by city and year, drill-downs to the
records, CSV and XLSX of every figure, and the entry of a base year's recordations."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, PermissionDenied, ValidationFailed, readable
from patentbridge.core.spreadsheets import Sheet, csv_response, xlsx_response
from patentbridge.core.views import refused
from patentbridge.kpi import records as figures
from patentbridge.kpi import selectors, services
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, is_allowed, reads_everything
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.recordation.services import contract_confirm


def can_see(user: Any) -> bool:
    return reads_everything(user)


SCOPE_LABELS = {"guangdong": _("Guangdong institutions"), "elsewhere": _("Institutions outside Guangdong or of "
                                                                        "unknown region"), "all": _("All institutions")}
# What each target of the plan is called, what the plan asks of it by the end of 2025, where it drills down to and
# how it is defined.
TARGET_LABELS = {
    "conversion_rate": (_("Universities' and research institutes' patent conversion rate"),
                        _("clearly higher (the plan sets no number)"), "conversion", figures.CONVERSION_DEFINITION),
    "turnover": (_("Cumulative turnover of patent-related technology contracts"), _("RMB 60 bn"), "turnover",
                 figures.TURNOVER_DEFINITION),
    "product_firms": (_("Enterprises with filed patent products"), _("more than 3,000"), "product_firms",
                      figures.PRODUCTS_DEFINITION),
    "product_patents": (_("Patents in filed patent products"), _("more than 45,000"), "product_patents",
                        figures.PRODUCTS_DEFINITION),
    "product_output": (_("Output of recognised patent-intensive products"), _("more than RMB 100 bn"),
                       "product_output", figures.OUTPUT_DEFINITION),
    "recordation_growth": (_("Patent licence and transfer recordations"), _("+10 % a year on average"),
                           "recordations", figures.RECORDATIONS_DEFINITION),
}


def _filters(request: HttpRequest) -> figures.Query:
    scope = request.GET.get("scope", "")
    organisation = request.GET.get("organisation", "")
    today = timezone.localdate()
    return figures.Query(city=selectors.valid_city(request.GET.get("city")),
                         year=selectors.valid_year(request.GET.get("year"), today), today=today,
                         scope=scope if scope in selectors.SCOPES else "guangdong",
                         organisation=int(organisation) if organisation.isdigit() else None)


def _query_string(q: figures.Query, **extra: Any) -> str:
    return urlencode({"city": q.city or "", "year": q.year or "", "scope": q.scope, **extra})


def labelled_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**t, "label": TARGET_LABELS[t["key"]][0], "goal_text": TARGET_LABELS[t["key"]][1],
             "figure": TARGET_LABELS[t["key"]][2], "definition": TARGET_LABELS[t["key"]][3]}
            for t in summary["targets"]]


def _percent(rate: float | None) -> Any:
    return "" if rate is None else round(rate * 100, 2)


def rows_for_export(summary: dict[str, Any]) -> list[list[Any]]:
    """The dashboard's figures in one sheet: the targets, the turnover by city, recordations per year and to date,
    the conversion rate's trend, and the institutions last."""
    period = summary["programme"]
    rows: list[list[Any]] = [[f"{period['document']} {period['first_year']}–{period['last_year']}"],
                             [gettext("Period end"), summary["end"]],
                             [gettext("Target"), gettext("Figure for the period"), gettext("Goal for the end of 2025"),
                              gettext("Definition")]]
    for target in labelled_targets(summary):
        outcome = target["outcome"]
        if target["key"] == "conversion_rate":
            outcome = _percent(outcome)
        rows.append([str(target["label"]), "" if outcome is None else outcome, str(target["goal_text"]),
                     str(target["definition"])])
    rows += [[], [gettext("Seller's city"), gettext("Contracts"), gettext("Turnover (RMB)")]]
    for item in summary["turnover"]["by_city"]:
        rows.append([item["city"] or gettext("City unknown"), item["contracts"], item["amount"]])
    rows += [[], [gettext("Year"), gettext("Licences"), gettext("Transfers"), gettext("Total"), gettext("Source"),
                  gettext("Growth (%)")]]
    for item in summary["recordations"]["per_year"]:
        rows.append([item["year"], item["licences"], item["transfers"], item["total"],
                     str(figures.SOURCES[item["source"]]) + (f"：{item['entered_source']}" if item["entered_source"]
                                                            else ""), item["growth_percent"]])
    ytd = summary["recordations"]["year_to_date"]
    rows.append([gettext("%(year)s to %(day)s") % {"year": ytd["year"], "day": ytd["through"]}, ytd["licences"],
                 ytd["transfers"], ytd["total"], gettext("same days last year: %(n)s") % {"n": ytd["last_year_total"]},
                 ytd["growth_percent"]])
    rows += [[], [gettext("Year"), str(figures.GROUP_LABELS["institutes"]), str(figures.GROUP_LABELS["soe"])]]
    for item in summary["conversion"]["trend"]:
        rows.append([item["year"], _percent(item["institutes"]["rate"]), _percent(item["soe"]["rate"])])
    rows += [[], [gettext("Institution"), gettext("City"), gettext("Valid patents"), gettext("Converted"),
                  gettext("Rate (%)"), gettext("Type")]]
    for item in summary["conversion"]["institutions"]:
        rows.append([item["name"], item["city"] or "", item["valid"], item["converted"], _percent(item["rate"]),
                     str(figures.GROUP_LABELS[item["group"]])])
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_see(request.user):
        return refused(request)
    q = _filters(request)
    summary = selectors.summary(q.city, q.scope, q.today, q.year)
    fmt = request.GET.get("format")
    stem = f"kpi-{q.today:%Y%m%d}"
    if fmt == "csv":
        return csv_response(rows_for_export(summary), f"{stem}.csv")
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", Sheet("KPI", rows_for_export(summary)))
    years = range(q.today.year, selectors.programme.BASELINE_YEAR - 1, -1)
    return render(request, "kpi/dashboard.html", {
        "summary": summary, "cities": City.objects.all(), "filters": q, "years": years,
        "query": _query_string(q), "scopes": SCOPE_LABELS.items(), "targets": labelled_targets(summary),
        "left_out_labels": figures.LEFT_OUT, "group_labels": figures.GROUP_LABELS, "sources": figures.SOURCES,
        "can_enter_baseline": is_allowed(request.user, Action.KPI_BASELINE_ENTER),
        "chart_data": {"years": [y for y in summary["recordations"]["per_year"] if y["total"] is not None],
                       "labels": {"count": _("count"), "licences": _("Licences"), "transfers": _("Transfers"),
                                  "growth": _("Growth")}},
    })


@login_required
def records(request: HttpRequest, figure: str) -> HttpResponse:
    """The records behind one figure of the dashboard, filtered like it; as CSV or XLSX on request."""
    if not can_see(request.user):
        return refused(request)
    if figure not in figures.FIGURES:
        raise Http404()
    q = _filters(request)
    found = figures.FIGURES[figure](q)
    fmt = request.GET.get("format")
    stem = f"kpi-{figure}-{q.today:%Y%m%d}"
    if fmt in ("csv", "xlsx"):
        header, rows = figures.export_rows(found)
        if fmt == "csv":
            return csv_response([header, *rows], f"{stem}.csv")
        return xlsx_response(f"{stem}.xlsx", Sheet(figure[:31], rows, header))
    return render(request, "kpi/records.html", {
        "records": found, "figure": figure, "filters": q, "query": _query_string(q, organisation=q.organisation or ""),
        "cities": City.objects.all(), "years": range(q.today.year, selectors.programme.BASELINE_YEAR - 1, -1),
        "can_confirm": is_allowed(request.user, Action.KPI_CONFIRM)})


def _count(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationFailed(details={field: gettext("Enter a whole number.")}) from exc


@login_required
@require_POST
def baseline_enter(request: HttpRequest) -> HttpResponse:
    """The regulator enters a year's recordations the platform holds no records of, with their source."""
    try:
        with transaction.atomic():
            services.baseline_enter(
                actor=request.user, year=_count(request.POST.get("year", ""), "year"),
                licences=_count(request.POST.get("licences", ""), "licences"),
                transfers=_count(request.POST.get("transfers", ""), "transfers"),
                source=request.POST.get("source", ""), city=request.POST.get("city") or None, request=request)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("The figures are entered."))
    return redirect(f"{reverse('kpi:dashboard')}#recordations")


@login_required
@require_POST
def contract_decide(request: HttpRequest, contract_id: int) -> HttpResponse:
    """A regulator counts a held contract or rejects it, with a note."""
    contract = TechContractRegistration.objects.filter(pk=contract_id).first()
    if contract is None:
        raise Http404()
    try:
        with transaction.atomic():
            contract_confirm(actor=request.user, contract=contract, accept=request.POST.get("decision") == "count",
                             note=request.POST.get("note", ""), request=request)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("kpi:records", figure="held")

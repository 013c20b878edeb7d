"""The regulator's dashboard: figures against the 2025 targets, charts, a city filter, exports and drill-downs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, PermissionDenied, readable
from patentbridge.core.spreadsheets import Sheet, csv_response, xlsx_response
from patentbridge.core.views import refused
from patentbridge.kpi import selectors
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, is_allowed, reads_everything
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.recordation.services import contract_confirm


def can_see(user: Any) -> bool:
    return reads_everything(user)


def _city(request: HttpRequest) -> str | None:
    code = request.GET.get("city") or None
    return code if code and City.objects.filter(pk=code).exists() else None


def _scope(request: HttpRequest) -> str:
    scope = request.GET.get("scope", "")
    return scope if scope in selectors.SCOPES else "guangdong"


SCOPE_LABELS = {"guangdong": _("Guangdong institutions"), "elsewhere": _("Institutions outside Guangdong or of "
                                                                        "unknown region"), "all": _("All institutions")}
# What each target of the plan is called, and what the plan asks of it by the end of 2025.
TARGET_LABELS = {
    "conversion_rate": (_("Universities' and research institutes' patent conversion rate"),
                        _("clearly higher (the plan sets no number)")),
    "turnover": (_("Cumulative turnover of patent-related technology contracts"), _("RMB 60 bn")),
    "product_firms": (_("Enterprises with filed patent products"), _("more than 3,000")),
    "product_patents": (_("Patents in filed patent products"), _("more than 45,000")),
    "product_output": (_("Output of recognised patent-intensive products"), _("more than RMB 100 bn")),
    "recordation_growth": (_("Patent licence and transfer recordations"), _("+10 % a year on average")),
}
DATA_SOURCES = {"product_filing": _("No data yet — comes from product filing")}
CITY_REASONS = {
    selectors.NO_ADDRESS: _("City unknown: the applicant's address is missing"),
    selectors.UNRECOGNISED: _("City unknown: the applicant's address cannot be recognised"),
    selectors.OUTSIDE: _("No Guangdong city: the institution is registered outside Guangdong or its region is unknown"),
}


def labelled_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**t, "label": TARGET_LABELS[t["key"]][0], "goal_text": TARGET_LABELS[t["key"]][1],
             "no_data": DATA_SOURCES.get(t["data_source"] or "")} for t in summary["targets"]]


def labelled_cities(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**c, "label": c["city"] or CITY_REASONS["~" + c["reason"]]} for c in summary["conversion"]["by_city"]]


def _export_figure(target: dict[str, Any], value: Any) -> Any:
    if target["no_data"]:
        return str(target["no_data"])
    return "" if value is None else value


def rows_for_export(summary: dict[str, Any]) -> list[list[Any]]:
    turnover, period = summary["turnover"], summary["programme"]
    outcome_heading = (gettext("Outcome at the end of %(year)s") if period["ended"] else gettext("So far (to %(year)s)")) % {
        "year": period["last_year"]}
    current_heading = gettext("%(year)s so far") % {"year": period["current_year"]}
    rows: list[list[Any]] = [[f"{period['document']} {period['first_year']}–{period['last_year']}"],
                             [gettext("Target"), outcome_heading, current_heading, gettext("Goal for the end of 2025")]]
    for target in labelled_targets(summary):
        rows.append([str(target["label"]), _export_figure(target, target["outcome"]),
                     _export_figure(target, target["current"]), str(target["goal_text"])])
    rows += [[], [gettext("Figure"), gettext("Value")],
             [gettext("Patent-related technology-contract turnover, all registered (RMB)"), turnover["contract_amount"]],
             [gettext("Technology-transaction amount (RMB)"), turnover["technology_amount"]],
             [gettext("Open-licence declarations standing"), summary["open_licensing"]["declarations_standing"]],
             [gettext("Open licences taken"), summary["open_licensing"]["licences_taken"]]]
    for item in summary["recordations"]["per_year"]:
        rows.append([gettext("Licence recordations and transfer registrations in %(year)s") % {"year": item["year"]},
                     item["total"]])
    rows += [[], [gettext("Institution"), gettext("City"), gettext("Valid patents"), gettext("Converted"), gettext("Rate")]]
    for item in summary["conversion"]["institutions"]:
        rows.append([item["name"], item["city"] or "", item["valid"], item["converted"], item["rate"]])
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_see(request.user):
        return refused(request)
    city, scope = _city(request), _scope(request)
    summary = selectors.summary(city, scope)
    fmt = request.GET.get("format")
    stem = f"kpi-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return csv_response(rows_for_export(summary), f"{stem}.csv")
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", Sheet("KPI", rows_for_export(summary)))
    return render(request, "kpi/dashboard.html", {
        "summary": summary, "cities": City.objects.all(), "city": city, "scope": scope,
        "query": urlencode({"city": city or "", "scope": scope}),
        "scopes": SCOPE_LABELS.items(), "targets": labelled_targets(summary), "by_city": labelled_cities(summary),
        "chart_data": {"years": summary["recordations"]["per_year"], "turnover": summary["turnover"],
                       "labels": {"count": _("count"), "licences": _("Licences"), "transfers": _("Transfers"),
                                  "growth": _("Growth")}},
    })


DRILLDOWNS = {
    "turnover": (_("Technology contracts counted (turnover)"), selectors.tech_contracts),
    "held": (_("Technology contracts held for confirmation"), selectors.held_contracts),
    "recordations": (_("Licence-contract recordations"), selectors.recordations),
    "transfers": (_("Transfer registrations"), selectors.transfers),
    "declarations": (_("Open-licence declarations"), selectors.declarations),
    "licences": (_("Open licences taken"), selectors.licences),
}


@login_required
def records(request: HttpRequest, figure: str) -> HttpResponse:
    """The records behind one figure of the dashboard."""
    if not can_see(request.user):
        return refused(request)
    if figure == "institution":
        try:
            organisation_id = int(request.GET.get("organisation", ""))
        except ValueError as exc:
            raise Http404() from exc
        return render(request, "kpi/institution.html", selectors.institution_records(organisation_id))
    if figure not in DRILLDOWNS:
        raise Http404()
    title, query = DRILLDOWNS[figure]
    items = list(query(_city(request))[:500])
    year = request.GET.get("year")
    if year and year.isdigit():
        items = [i for i in items if str(getattr(i, "filed_on", None) or getattr(i, "registered_on", None) or "")
                 .startswith(year)]
    return render(request, "kpi/records.html", {"title": title, "figure": figure, "items": items,
                                                "can_confirm": is_allowed(request.user, Action.KPI_CONFIRM)})


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

"""The regulator's dashboard: figures against the 2025 targets, charts, a city filter, exports and drill-downs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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


def rows_for_export(summary: dict[str, Any]) -> list[list[Any]]:
    turnover = summary["turnover"]
    rows: list[list[Any]] = [["指标 / figure", "数值 / value", "目标 / target"],
                             ["涉及专利的技术合同成交额（元）", turnover["contract_amount"], turnover["target"]],
                             ["技术交易额（元）", turnover["technology_amount"], ""],
                             ["开放许可声明（有效）", summary["open_licensing"]["declarations_standing"], ""],
                             ["开放许可实施（已取得）", summary["open_licensing"]["licences_taken"], ""]]
    for item in summary["recordations"]["per_year"]:
        rows.append([f"{item['year']} 年许可备案 + 转让登记", item["total"], "年均增长 10%"])
    rows.append([])
    rows.append(["单位 / institution", "城市 / city", "有效专利", "已转化", "转化率"])
    for item in summary["conversion"]["institutions"]:
        rows.append([item["name"], item["city"] or "", item["valid"], item["converted"], item["rate"]])
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_see(request.user):
        return refused(request)
    city = _city(request)
    summary = selectors.summary(city)
    fmt = request.GET.get("format")
    stem = f"kpi-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return csv_response(rows_for_export(summary), f"{stem}.csv")
    if fmt == "xlsx":
        return xlsx_response(f"{stem}.xlsx", Sheet("KPI", rows_for_export(summary)))
    return render(request, "kpi/dashboard.html", {
        "summary": summary, "cities": City.objects.all(), "city": city,
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

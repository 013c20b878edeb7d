"""The regulator's dashboard: figures against the 2025 targets, charts, a city filter, exports and drill-downs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from patentbridge.core.spreadsheets import Sheet, csv_response, xlsx_response
from patentbridge.core.views import refused
from patentbridge.kpi import selectors
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import reads_everything


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
        "chart_data": {"years": summary["recordations"]["per_year"], "turnover": summary["turnover"]},
    })


DRILLDOWNS = {
    "turnover": ("技术合同（成交额明细）", selectors.tech_contracts),
    "recordations": ("许可合同备案", selectors.recordations),
    "transfers": ("转让登记", selectors.transfers),
    "declarations": ("开放许可声明", selectors.declarations),
    "licences": ("开放许可实施", selectors.licences),
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
    return render(request, "kpi/records.html", {"title": title, "figure": figure, "items": items})

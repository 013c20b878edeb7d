"""Pages of the industry statistics: the figures of a city or the province for a year with the yearly report, the
entered accounts (entry, correction, import, GDP) and the partial-inclusion weights."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, PermissionDenied, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.spreadsheets import XLSX_CONTENT_TYPE
from patentbridge.core.views import refused
from patentbridge.monitoring import report, selectors, services
from patentbridge.monitoring.forms import AccountForm, GdpForm, ImportForm, RegionYearForm, WeightForm, default_year
from patentbridge.monitoring.models import Account, InclusionWeight
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize, is_allowed, regulated_city_codes


def readable_cities(user: Any) -> set[str] | None:
    """The cities whose figures the user may read (None: every city and the province)."""
    return None if is_allowed(user, Action.MONITORING_REPORT, None) else regulated_city_codes(user) or set()


def _region(request: HttpRequest) -> tuple[str | None, int, RegionYearForm]:
    """The region and year asked for (a city bureau's own city by default), authorised."""
    cities = readable_cities(request.user)
    default_city = "" if cities is None else min(cities, default="")
    form = RegionYearForm(request.GET or None, cities=cities,
                          initial={"city": default_city, "year": default_year()})
    city, year = default_city, default_year()
    if form.is_bound and form.is_valid():
        city, year = form.cleaned_data["city"], form.cleaned_data["year"]
    elif request.GET.get("city") not in (None, default_city):
        city = request.GET["city"]  # a city not offered: the permission module refuses it (and records that)
    place = City.objects.filter(pk=city).first() if city else None
    if city and place is None:
        raise Http404()
    authorize(request.user, Action.MONITORING_REPORT, place, request=request)
    return city or None, year, form


def _guarded(view: Any) -> Any:
    """Only those the statistics are for open these pages; a refusal shows the refusal page."""
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            authorize(request.user, Action.MONITORING_VIEW, request=request)
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return refused(request)
    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return login_required(wrapped)


@_guarded
def overview(request: HttpRequest) -> HttpResponse:
    """The figures of a city or the province for a year, with the value-added working and the report's downloads."""
    city, year, form = _region(request)
    stats = selectors.statistics(city, year)
    return render(request, "monitoring/overview.html", {
        "form": form, "stats": stats, "title": report.title(stats),
        "tables": [{"title": t.title, "header": t.header, "min_width": 6 * len(t.header),
                    "rows": [{"cells": cells, "strong": i < len(t.emphasis) and t.emphasis[i]}
                             for i, cells in enumerate(report.shown_rows(t))]} for t in report.tables(stats)],
        "notes": report.notes(stats), "query": f"city={city or ''}&year={year}",
        "can_enter": bool(regulated_city_codes(request.user) != set())})


@_guarded
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """The yearly statistical report as XLSX or PDF."""
    city, year, _form = _region(request)
    stats = selectors.statistics(city, year)
    stem = f"industry-statistics-{city or '44'}-{year}"
    if fmt == "xlsx":
        response = HttpResponse(report.report_xlsx(stats), content_type=XLSX_CONTENT_TYPE)
    elif fmt == "pdf":
        response = HttpResponse(report.report_pdf(stats), content_type="application/pdf")
    else:
        raise Http404()
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _entry_cities(user: Any) -> set[str] | None:
    return regulated_city_codes(user)


def _accounts_page(request: HttpRequest, *, status: int = 200, **forms: Any) -> HttpResponse:
    city, year, region_form = _region(request)
    cities = _entry_cities(request.user)
    initial = {"city": city or "", "year": year}
    edit = request.GET.get("edit", "")
    editing = selectors.accounts_for(city, year).filter(pk=edit).first() if edit.isdigit() else None
    if editing is not None and "account_form" not in forms:
        initial_row = {"code": editing.industry_id and editing.industry.industry_id or editing.category_id,
                       "city": editing.city_id, "year": editing.year, "employees": editing.employees,
                       "source": editing.source, **{n: getattr(editing, n) for n in ("compensation", "net_taxes",
                                                                                  "depreciation", "surplus")}}
        forms["account_form"] = AccountForm(initial=initial_row, cities=cities)
    context = {
        "form": region_form, "city": city, "year": year, "accounts": selectors.accounts_for(city, year),
        "gdp": selectors.gdp_for(city, year), "can_enter": cities != set(),
        "account_form": forms.get("account_form") or AccountForm(initial=initial, cities=cities),
        "gdp_form": forms.get("gdp_form") or GdpForm(initial=initial, cities=cities),
        "import_form": forms.get("import_form") or ImportForm(), "result": forms.get("result"),
        "query": f"city={city or ''}&year={year}",
    }
    return render(request, "monitoring/accounts.html", context, status=status)


@_guarded
def accounts(request: HttpRequest) -> HttpResponse:
    """The entered rows of a city (or all cities) and year, with the forms to enter, correct and import."""
    return _accounts_page(request)


def _back(request: HttpRequest, city: str | None, year: int) -> HttpResponse:
    return redirect(f"{reverse('monitoring:accounts')}?city={city or ''}&year={year}")


@_guarded
@require_POST
def account_save(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST, cities=_entry_cities(request.user))
    if form.is_valid():
        try:
            with transaction.atomic():
                account = services.account_enter(actor=request.user, data=form.to_input(), request=request)
        except DomainError as exc:
            if isinstance(exc, PermissionDenied):
                raise
            add_domain_error(form, exc, fields={"components": "compensation"})
        else:
            messages.success(request, _("Saved row #%(id)s.") % {"id": account.pk})
            return _back(request, account.city_id, account.year)
    return _accounts_page(request, account_form=form, status=400)


@_guarded
@require_POST
def account_delete(request: HttpRequest, account_id: int) -> HttpResponse:
    account = Account.objects.filter(pk=account_id).select_related("city").first()
    if account is None:
        raise Http404()
    with transaction.atomic():
        services.account_delete(actor=request.user, account=account, request=request)
    messages.success(request, _("Row #%(id)s removed.") % {"id": account_id})
    return _back(request, account.city_id, account.year)


@_guarded
@require_POST
def gdp_save(request: HttpRequest) -> HttpResponse:
    form = GdpForm(request.POST, cities=_entry_cities(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.gdp_enter(actor=request.user, city=data["city"] or None, year=data["year"], gdp=data["gdp"],
                                   source=data["source"], request=request)
        except DomainError as exc:
            if isinstance(exc, PermissionDenied):
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("GDP saved."))
            return _back(request, data["city"] or None, data["year"])
    return _accounts_page(request, gdp_form=form, status=400)


@_guarded
@require_POST
def accounts_import(request: HttpRequest) -> HttpResponse:
    """Import rows from an Excel workbook: the good rows are kept, each bad one listed with its line and reason."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _accounts_page(request, import_form=form, status=400)
    try:
        result = services.accounts_import(actor=request.user, handle=form.cleaned_data["file"], request=request)
    except DomainError as exc:
        form.add_error("file", readable(exc))
        return _accounts_page(request, import_form=form, status=400)
    messages.success(request, _("%(saved)s rows saved, %(rejected)s rejected.") % {
        "saved": len(result.saved), "rejected": len(result.rejected)})
    return _accounts_page(request, result=result)


@_guarded
def weights(request: HttpRequest) -> HttpResponse:
    """The partial-inclusion (*) weights of small classes (none marked in the bundled table)."""
    form = WeightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.weight_set(actor=request.user, industry=data["industry"], weight=data["weight"],
                                    source=data["source"], request=request)
        except DomainError as exc:
            if isinstance(exc, PermissionDenied):
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Weight saved."))
            return redirect("monitoring:weights")
    return render(request, "monitoring/weights.html", {
        "form": form, "weights": InclusionWeight.objects.select_related("industry__industry", "set_by"),
        "can_set": is_allowed(request.user, Action.MONITORING_WEIGHTS)})

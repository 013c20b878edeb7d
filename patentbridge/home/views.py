"""Pages of the site as a whole: the home page, the audit trail and the platform's health for regulators."""

from __future__ import annotations

import datetime as dt
from itertools import chain, islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.core.models import SecurityEvent
from patentbridge.core.selectors import AUDIT_COLUMNS, audit_trail
from patentbridge.core.services import security_event_record
from patentbridge.core.spreadsheets import Sheet, csv_response, xlsx_response
from patentbridge.core.views import form_date, refused
from patentbridge.home import selectors
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.models import LegalStatus, Patent

AUDIT_PAGE_ROWS = 200
AUDIT_DEFAULT_DAYS = 30


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors: what the platform is, with the register's size; a signed-in user: what waits for them."""
    if not request.user.is_authenticated:
        return render(request, "home/public.html", {
            "patent_count": Patent.objects.count(),
            "in_force_count": Patent.objects.filter(legal_status=LegalStatus.IN_FORCE).count(),
            "organisation_count": Organisation.objects.count(),
        })
    today = timezone.localdate()
    return render(request, "home/home.html", {
        "agenda": selectors.agenda_for(request.user, today), "today": today,
        "organisations": selectors.organisation_figures(request.user),
        "platform": selectors.platform_figures(request.user),
        "notifications": selectors.notifications_for(request.user),
    })


def _audit_period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The days asked for (the last 30 by default); a malformed date is explained and the default used."""
    until = timezone.localdate()
    since = until - dt.timedelta(days=AUDIT_DEFAULT_DAYS - 1)
    try:
        since = form_date(request.GET.get("since")) or since
        until = form_date(request.GET.get("until")) or until
    except ValidationFailed as exc:
        messages.error(request, exc.details["date"])
    return since, until


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Security events and change log of a period, for platform admins and regulators, with CSV and XLSX downloads."""
    try:
        authorize(request.user, Action.AUDIT_VIEW, request=request)
    except PermissionDenied:
        return refused(request)
    since, until = _audit_period(request)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        security_event_record(kind=SecurityEvent.Kind.AUDIT_EXPORTED, request=request, user=request.user,
                              detail=f"{fmt} {since}..{until}")
        stem = f"audit-{since:%Y%m%d}-{until:%Y%m%d}"
        if fmt == "csv":
            return csv_response(chain([AUDIT_COLUMNS], audit_trail(since, until)), f"{stem}.csv")
        return xlsx_response(f"{stem}.xlsx", Sheet(f"{since}..{until}", audit_trail(since, until),
                                                   header=[str(c) for c in AUDIT_COLUMNS]))
    rows = list(islice(audit_trail(since, until, newest_first=True), AUDIT_PAGE_ROWS))
    return render(request, "home/audit.html", {"rows": rows, "columns": AUDIT_COLUMNS, "since": since,
                                               "until": until, "limit": AUDIT_PAGE_ROWS})


@login_required
def health(request: HttpRequest) -> HttpResponse:
    """The background queue, its workers and each search index's freshness, for platform admins and regulators."""
    try:
        authorize(request.user, Action.HEALTH_VIEW, request=request)
    except PermissionDenied:
        return refused(request)
    return render(request, "home/health.html", {"health": selectors.platform_health()})


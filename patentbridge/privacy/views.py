"""Pages: one's own requests (and filing one), the officer's desk, a request with its steps, the copy of the data
as JSON and as a readable summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import NotFound
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import perform, refused
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.privacy import forms, selectors, services
from patentbridge.privacy.models import PrivacyRequest


def _request(request: HttpRequest, pk: int) -> PrivacyRequest:
    try:
        return selectors.request_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own page: what they asked, and a form to ask to see, correct or erase their information."""
    form = forms.OwnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = perform(request, lambda: services.request_file(actor=request.user, subject_user=request.user,
                                                              request=request, **form.cleaned_data),
                       _("Your request is recorded."), refused=lambda exc: add_domain_error(form, exc))
        if done is not None:
            return redirect("privacy:detail", pk=done.pk)
    return render(request, "privacy/mine.html", {
        "form": form, "requests": selectors.requests_of(request.user), "today": timezone.localdate(),
        "days": settings.PRIVACY_RESPONSE_WORKING_DAYS, "may_desk": is_allowed(request.user, Action.PRIVACY_DESK)}, status=400 if form.errors else 200)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The officer's queue, most urgent first, and the form for a request received outside the platform."""
    if not is_allowed(request.user, Action.PRIVACY_DESK):
        return refused(request)
    form = forms.OfficerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = perform(request, lambda: services.request_file(
            actor=request.user, kind=data["kind"], details=data["details"], subject_user=data["username"],
            subject_name=data["subject_name"], subject_contact=data["subject_contact"],
            received_at=services.received_on_day(data["received_on"]), request=request),
            _("The request is recorded."), refused=lambda exc: add_domain_error(form, exc))
        if done is not None:
            return redirect("privacy:detail", pk=done.pk)
    return render(request, "privacy/desk.html", {
        "form": form, "open": selectors.open_requests(), "answered": selectors.answered_requests(),
        "today": timezone.localdate()}, status=400 if form.errors else 200)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    may_export = is_allowed(request.user, Action.PRIVACY_EXPORT, found)
    return render(request, "privacy/detail.html", {
        "req": found, "may_handle": is_allowed(request.user, Action.PRIVACY_HANDLE, found),
        "may_export": may_export, "form": forms.NoteForm(),
        "sections": selectors.personal_data(selectors.subject_of(found)) if may_export else [],
        "acts": selectors.recorded_acts(found.subject_user) if may_export else [],
        "kept": selectors.kept_records(found), "today": timezone.localdate()})


def _step(request: HttpRequest, pk: int, act: Callable[[PrivacyRequest, str], Any], done: str) -> HttpResponse:
    found = _request(request, pk)
    form = forms.NoteForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    perform(request, lambda: act(found, text), done)
    return redirect("privacy:detail", pk=pk)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda found, text: services.request_verify(
        actor=request.user, privacy_request=found, note=text, request=request), _("Identity verified."))


@login_required
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda found, text: services.request_refuse(
        actor=request.user, privacy_request=found, reason=text, request=request), _("The request is refused."))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda found, text: services.request_answer(
        actor=request.user, privacy_request=found, answer=text, request=request), _("The request is answered."))


def _exportable(request: HttpRequest, pk: int) -> PrivacyRequest | None:
    found = _request(request, pk)
    return found if is_allowed(request.user, Action.PRIVACY_EXPORT, found) else None


@login_required
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The copy of the person's data as JSON (PIPL Art 45), every row with its retention ground."""
    found = _exportable(request, pk)
    if found is None:
        return refused(request)
    body = json.dumps(selectors.export_document(found), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personal-information-{found.pk}.json"'
    return response


@login_required
def export_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The same copy as a page to read and print."""
    found = _exportable(request, pk)
    if found is None:
        return refused(request)
    return render(request, "privacy/summary.html", {
        "req": found, "sections": [s for s in selectors.personal_data(selectors.subject_of(found)) if s.rows],
        "acts": selectors.recorded_acts(found.subject_user), "generated_at": timezone.now()})

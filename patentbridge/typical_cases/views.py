"""Typical-case pages: the public list and case page, the office's and the regulator's desk, the draft form, and the
submit / publish / return / withdraw buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, is_allowed, typical_case_office_org_ids
from patentbridge.typical_cases import selectors, services
from patentbridge.typical_cases.forms import DecisionForm, TypicalCaseForm
from patentbridge.typical_cases.models import EDITABLE_STATUSES, TypicalCase, TypicalCaseStatus

PAGE_SIZE = 20
FILTERS = ("q", "industry", "intensive", "city")


def case_list(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET[k].strip() for k in FILTERS if request.GET.get(k, "").strip()}
    error = None
    try:
        cases = selectors.published_cases(params)
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    except ValidationFailed as exc:
        # Each filter's own complaint, without the generic sentence the template already says.
        page = Paginator(TypicalCase.objects.none(), PAGE_SIZE).get_page(1)
        error = "；".join(str(reason) for reason in exc.details.values())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "typical_cases/list.html", {
        "page": page, "params": params, "error": error, "query": query.urlencode(), "cities": City.objects.all(),
        "sections": selectors.industry_sections(), "intensive": selectors.intensive_categories(),
        "may_desk": is_allowed(request.user, Action.TYPICAL_CASES_DESK)})


def _case(request: HttpRequest, case_id: int) -> TypicalCase:
    try:
        return selectors.typical_case_get(request.user, case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = request.user
    reviewer = is_allowed(user, Action.TYPICAL_CASE_REVIEW, case)
    return render(request, "typical_cases/detail.html", {
        "case": case, "insider": is_allowed(user, Action.TYPICAL_CASE_READ, case),
        "may_edit": case.status in EDITABLE_STATUSES and is_allowed(user, Action.TYPICAL_CASE_DRAFT, case),
        "may_decide": reviewer and case.status == TypicalCaseStatus.SUBMITTED,
        "may_withdraw": reviewer and case.status == TypicalCaseStatus.PUBLISHED,
        "steps": case.steps.select_related("actor"), "decision_form": DecisionForm()})


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The office's cases and the conversions it may tell; the regulator's review queue and published cases."""
    if not is_allowed(request.user, Action.TYPICAL_CASES_DESK):
        return refused(request)
    offices = typical_case_office_org_ids(request.user)
    reviewer = is_allowed(request.user, Action.TYPICAL_CASE_REVIEW)
    return render(request, "typical_cases/desk.html", {
        "own": selectors.office_cases(request.user)[:200] if offices else None,
        "deals": selectors.converted_deals(offices)[:100], "licences": selectors.taken_open_licences(offices)[:100],
        "queue": selectors.review_queue() if reviewer else None,
        "published": selectors.published_cases()[:100] if reviewer else None})


def _source(request: HttpRequest, kind: str, source_id: int) -> selectors.Source:
    try:
        return selectors.draftable_source(request.user, kind, source_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def draft_new(request: HttpRequest, kind: str, source_id: int) -> HttpResponse:
    source = _source(request, kind, source_id)
    form = TypicalCaseForm(request.POST or None, initial=source.initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                case = services.typical_case_draft(actor=request.user, deal=source.deal,
                                                   open_licence=source.open_licence, data=form.cleaned_data,
                                                   request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it to the regulator when it is complete."))
            return redirect("typical_cases:detail", case_id=case.pk)
    return render(request, "typical_cases/form.html", {"form": form, "source": source, "case": None})


@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not is_allowed(request.user, Action.TYPICAL_CASE_DRAFT, case) or case.status not in EDITABLE_STATUSES:
        return refused(request)
    form = TypicalCaseForm(request.POST or None, initial=_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.typical_case_update(actor=request.user, case=case, data=form.cleaned_data,
                                             request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("typical_cases:detail", case_id=case.pk)
    source = selectors.Source(organisation=case.organisation, counterparty=case.counterparty, route=case.route,
                              patents=list(case.patents.all()), deal=case.deal, open_licence=case.open_licence)
    return render(request, "typical_cases/form.html", {"form": form, "source": source, "case": case})


def _initial(case: TypicalCase) -> dict[str, Any]:
    names = [*services.TEXT_FIELDS, *services.VALUE_FIELDS, *services.CONSENT_FIELDS]
    return {**{name: getattr(case, name) for name in names}, "city": case.city_id or "",
            "industry": case.industry_id or ""}


# What each button asks for, and the message once done.
STEP_SERVICES = {
    TypicalCaseStatus.SUBMITTED: (lambda user, case, note, request: services.typical_case_submit(
        actor=user, case=case, request=request)),
    TypicalCaseStatus.PUBLISHED: (lambda user, case, note, request: services.typical_case_publish(
        actor=user, case=case, note=note, request=request)),
    TypicalCaseStatus.RETURNED: (lambda user, case, note, request: services.typical_case_return(
        actor=user, case=case, reasons=note, request=request)),
    TypicalCaseStatus.WITHDRAWN: (lambda user, case, note, request: services.typical_case_withdraw(
        actor=user, case=case, reason=note, request=request)),
}


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    to = request.POST.get("to", "")
    take = STEP_SERVICES.get(to)
    if take is None:
        messages.error(request, _("No such step."))
        return redirect("typical_cases:detail", case_id=case.pk)
    try:
        with transaction.atomic():
            case = take(request.user, case, request.POST.get("note", ""), request)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("Done: the case is now “%(status)s”.") % {"status": case.get_status_display()})
    return redirect("typical_cases:detail", case_id=case.pk)

"""Casework pages: the case list (office, manager, inventor) with the user's tasks, the disclosure form, and one case
with its disclosure, prior art, assessment, decision, application, tasks and timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.casework import forms, selectors, services
from patentbridge.casework.models import Stage, TechnologyCase
from patentbridge.casework.progress import case_refresh
from patentbridge.core.errors import NotFound
from patentbridge.core.views import perform, refused
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import CASE_OFFICE_ROLES, Action, discloser_org_ids, is_allowed, org_ids_with_roles


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_allowed(user, Action.CASES_PAGES) and not selectors.cases_visible(user).exists():
        return refused(request)
    stage, manager = request.GET.get("stage", ""), request.GET.get("manager", "")
    return render(request, "casework/index.html", {
        "cases": selectors.case_list(user, stage=stage, manager=manager)[:300], "stages": Stage.choices,
        "stage": stage, "manager": manager, "managers": selectors.managers_of_cases(user),
        "tasks": selectors.tasks_of(user)[:100], "today": timezone.localdate(),
        "may_disclose": is_allowed(user, Action.CASE_DISCLOSE),
        "office": bool(org_ids_with_roles(user, CASE_OFFICE_ROLES))})


def _lines(formset: Any, make: Any, *fields: str) -> list[Any]:
    return [make(*(form.cleaned_data.get(f) for f in fields)) for form in formset
            if form.cleaned_data.get(fields[0])]


@login_required
def disclose(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(pk__in=discloser_org_ids(request.user)).order_by("pk")
    if not organisations:
        return refused(request)
    data = request.POST or None
    form, inventors = forms.DisclosureForm(data), forms.InventorFormSet(data, prefix="inv")
    publications = forms.PublicationFormSet(data, prefix="pub")
    if request.method == "GET":
        inventors = forms.InventorFormSet(prefix="inv", initial=[{"person": request.user.username, "share": 100}])
    elif form.is_valid() and inventors.is_valid() and publications.is_valid():
        organisation = organisations.filter(pk=request.POST.get("organisation") or None).first() or organisations[0]
        case = perform(request, lambda: services.disclosure_create(
            actor=request.user, organisation=organisation, request=request, **form.cleaned_data,
            inventors=_lines(inventors, lambda p, s: services.InventorLine(p, s), "person", "share"),
            publications=_lines(publications, services.PublicationLine, "planned_on", "venue"),
            attachments=request.FILES.getlist("attachments")), _("Disclosed. The office is told."))
        if case is not None:
            return redirect("casework:case", pk=case.pk)
    return render(request, "casework/disclose.html", {"form": form, "inventors": inventors,
                                                      "publications": publications, "organisations": organisations})


def _case(request: HttpRequest, pk: int) -> TechnologyCase:
    try:
        return selectors.case_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    with transaction.atomic():  # link the patent the register now holds, and move on with its records
        case_refresh(case)
    user, newest = request.user, request.GET.get("order") != "oldest"
    disclosure = case.disclosure
    prior_numbers = [item["number"] for item in disclosure.prior_art]
    return render(request, "casework/case.html", {
        "case": case, "disclosure": disclosure, "prior_art": selectors.prior_art_of(case), "assessment": getattr(case, "assessment", None),
        "works": is_allowed(user, Action.CASE_WORK, case), "decides": is_allowed(user, Action.CASE_DECIDE, case),
        "timeline": selectors.timeline(case, newest_first=newest), "newest": newest,
        "warnings": selectors.publication_warnings(case), "tasks": case.tasks.select_related("assignee"),
        "today": timezone.localdate(), "assign_form": forms.AssignForm(
            managers=selectors.assignable_managers(case.organisation), initial={"manager": case.manager_id}),
        "assessment_form": forms.AssessmentForm(prior_numbers=prior_numbers),
        "decision_form": forms.DecisionForm(initial={"route": getattr(getattr(case, "assessment", None), "route",
                                                                        None)}),
        "application_form": forms.ApplicationForm(), "task_form": forms.TaskForm()})


def _back(case: TechnologyCase) -> HttpResponse:
    return redirect("casework:case", pk=case.pk)


def _invalid(request: HttpRequest, form: Any) -> None:
    messages.error(request, "; ".join(f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
                                      for k, v in form.errors.items()))


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.AssignForm(request.POST, managers=selectors.assignable_managers(case.organisation))
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    perform(request, lambda: services.manager_assign(actor=request.user, case=case,
                                                     manager=form.cleaned_data["manager"], request=request),
            _("Assigned."))
    return _back(case)


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.AssessmentForm(request.POST, prior_numbers=[i["number"] for i in case.disclosure.prior_art])
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    perform(request, lambda: services.assessment_record(actor=request.user, case=case, request=request,
                                                        **form.cleaned_data), _("Assessment recorded."))
    return _back(case)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    perform(request, lambda: services.case_decide(actor=request.user, case=case, request=request,
                                                  **form.cleaned_data), _("Decided."))
    return _back(case)


@login_required
@require_POST
def application(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.ApplicationForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    perform(request, lambda: services.application_enter(
        actor=request.user, case=case, number=form.cleaned_data["application_number"],
        filed_on=form.cleaned_data["filed_on"], request=request), _("Application recorded."))
    return _back(case)


@login_required
@require_POST
def prior_art(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    perform(request, lambda: services.prior_art_check(actor=request.user, case=case, request=request),
            _("Prior art checked again."))
    return _back(case)


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.TaskForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    perform(request, lambda: services.task_create(actor=request.user, case=case, request=request,
                                                  **form.cleaned_data), _("Task added."))
    return _back(case)


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    case = _case(request, pk)
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404(_("No such task."))
    perform(request, lambda: services.task_done(actor=request.user, task=task, request=request), _("Done."))
    return redirect("casework:index") if request.POST.get("next") == "index" else _back(case)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    case = _case(request, pk)
    item = case.disclosure.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404(_("No such attachment."))
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)

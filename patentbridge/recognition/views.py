"""Recognition pages: the public list and notices, one recognition, the filer's applications, the regulator's
review queue and the criteria."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import perform, refused
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize, is_allowed
from patentbridge.recognition import assessment, selectors, services
from patentbridge.recognition.forms import (
    ApplyForm,
    CriterionForm,
    DecisionForm,
    DismissForm,
    NoticeDaysForm,
    ObjectionForm,
    RefuseForm,
)
from patentbridge.recognition.models import Criterion, Objection, Recognition, RecognitionStatus


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def public_list(request: HttpRequest) -> HttpResponse:
    year, industry, city = _int(request.GET.get("year")), request.GET.get("industry", ""), request.GET.get("city", "")
    items = selectors.public_list(year=year, industry=industry, city=city)
    return render(request, "recognition/list.html", {
        "page": Paginator(items, 50).get_page(request.GET.get("page")), "notices": selectors.in_notice(),
        "years": selectors.years_listed(), "cities": City.objects.all(),
        "industries": selectors.industries_listed(),
        "chosen": {"year": year, "industry": industry, "city": city}, "criteria_unset": selectors.criteria_unset()})


def _visible(request: HttpRequest, recognition_id: int) -> Recognition:
    try:
        return selectors.recognition_get(request.user, recognition_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail_context(request: HttpRequest, recognition: Recognition) -> dict[str, Any]:
    user, status = request.user, recognition.status
    reviews = is_allowed(user, Action.RECOGNITION_REVIEW)
    rows = selectors.assessment_of(recognition) if selectors.sees_filing(user, recognition) else None
    notice_ended = recognition.notice_until is not None and recognition.notice_until < timezone.localdate()
    return {
        "recognition": recognition, "rows": rows and assessment.rows_for_display(rows),
        "verdict": rows is not None and assessment.VERDICT_LABELS[assessment.verdict(rows)],
        "objections": selectors.objections_of(recognition) if reviews or rows is not None else [],
        "can_decide": reviews and status == RecognitionStatus.APPLIED,
        "can_object": reviews and status == RecognitionStatus.IN_NOTICE,
        "can_confirm": reviews and status == RecognitionStatus.IN_NOTICE and notice_ended,
        "can_withdraw": status == RecognitionStatus.APPLIED
        and is_allowed(user, Action.RECOGNITION_APPLY, recognition.product),
        "decision_form": DecisionForm(), "objection_form": ObjectionForm(), "dismiss_form": DismissForm(),
        "refuse_form": RefuseForm(), "criteria_unset": selectors.criteria_unset(),
        "notice_days": selectors.recognition_settings().notice_days}


def detail(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    return render(request, "recognition/detail.html", _detail_context(request, recognition))


def _act(request: HttpRequest, recognition: Recognition, step: Callable[[], Any], done: str) -> HttpResponse:
    """Run one service step in a transaction; its refusal is shown on the recognition's page."""
    perform(request, step, done)
    return redirect("recognition:detail", recognition_id=recognition.pk)


@login_required
@require_POST
def decide(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "recognition/detail.html",
                      {**_detail_context(request, recognition), "decision_form": form}, status=400)
    note = form.cleaned_data["note"]
    if form.cleaned_data["decision"] == "recognise":
        return _act(request, recognition, lambda: services.recognition_recognise(
            actor=request.user, recognition=recognition, note=note, request=request),
            _("Recognised: the public notice is open."))
    return _act(request, recognition, lambda: services.recognition_refuse(
        actor=request.user, recognition=recognition, reasons=note, request=request), _("The application is refused."))


@login_required
@require_POST
def refuse(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    return _act(request, recognition, lambda: services.recognition_refuse(
        actor=request.user, recognition=recognition, reasons=request.POST.get("reasons", ""), request=request),
        _("The recognition is refused."))


@login_required
@require_POST
def object_(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        return render(request, "recognition/detail.html",
                      {**_detail_context(request, recognition), "objection_form": form}, status=400)
    return _act(request, recognition, lambda: services.objection_record(
        actor=request.user, recognition=recognition, request=request, **form.cleaned_data),
        _("The objection is recorded."))


@login_required
@require_POST
def dismiss(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = Objection.objects.filter(pk=objection_id).select_related("recognition").first()
    if objection is None:
        raise Http404()
    recognition = _visible(request, objection.recognition_id)
    return _act(request, recognition, lambda: services.objection_dismiss(
        actor=request.user, objection=objection, resolution=request.POST.get("resolution", ""), request=request),
        _("The objection is dismissed."))


@login_required
@require_POST
def confirm(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    return _act(request, recognition, lambda: services.recognition_confirm(
        actor=request.user, recognition=recognition, request=request), _("The product is recognised."))


@login_required
@require_POST
def withdraw(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = _visible(request, recognition_id)
    return _act(request, recognition, lambda: services.recognition_withdraw(
        actor=request.user, recognition=recognition, request=request), _("The application is withdrawn."))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    try:
        authorize(request.user, Action.RECOGNITION_APPLY, request=request)
    except DomainError:
        return refused(request)
    form = ApplyForm(request.POST or None, products=selectors.products_to_apply(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                recognition = services.recognition_apply(actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Application sent: a regulator reviews it."))
            return redirect("recognition:detail", recognition_id=recognition.pk)
    return render(request, "recognition/mine.html", {
        "form": form, "applications": selectors.applications_of(request.user)},
        status=400 if form.errors else 200)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    try:
        authorize(request.user, Action.RECOGNITION_REVIEW, request=request)
    except DomainError:
        return refused(request)
    return render(request, "recognition/queue.html", {"items": selectors.review_queue(),
                                                      "today": timezone.localdate(),
                                                      "criteria_unset": selectors.criteria_unset()})


def criteria(request: HttpRequest) -> HttpResponse:
    edits = is_allowed(request.user, Action.RECOGNITION_CRITERIA)
    return render(request, "recognition/criteria.html", {
        "criteria": selectors.criteria(), "can_edit": edits, "settings": selectors.recognition_settings(),
        "days_form": NoticeDaysForm(initial={"notice_days": selectors.recognition_settings().notice_days}),
        "criteria_unset": selectors.criteria_unset()})


@login_required
def criterion_edit(request: HttpRequest, criterion_id: int | None = None) -> HttpResponse:
    try:
        authorize(request.user, Action.RECOGNITION_CRITERIA, request=request)
    except DomainError:
        return refused(request)
    criterion = Criterion.objects.filter(pk=criterion_id).first() if criterion_id else Criterion()
    if criterion is None:
        raise Http404()
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.criterion_save(actor=request.user, criterion=form.save(commit=False), request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect("recognition:criteria")
    return render(request, "recognition/criterion_form.html", {"form": form, "criterion": criterion},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def notice_days(request: HttpRequest) -> HttpResponse:
    form = NoticeDaysForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("recognition:criteria")
    days = form.cleaned_data["notice_days"]
    perform(request, lambda: services.notice_days_set(actor=request.user, days=days, request=request),
            _("The public notice period is saved."))
    return redirect("recognition:criteria")

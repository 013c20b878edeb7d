"""Commissioner pages: the regulator's designations and overdue list, the commissioner's desk, the enterprise's
requests, one request with its steps, and the attribution buttons of the deal page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.commissioners import forms, selectors, services
from patentbridge.commissioners.models import Attribution, RequestStatus, ServiceRequest
from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.core.views import perform, refused
from patentbridge.deals.models import Deal
from patentbridge.demands.models import Demand
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed, regulated_city_ids, service_requester_org_ids
from patentbridge.patents.selectors import patent_get


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Each role's own page: the regulator's oversight, the commissioner's desk, the enterprise's requests."""
    user = request.user
    if is_allowed(user, Action.COMMISSIONERS_OVERSEE):
        return redirect("commissioners:oversight")
    if is_allowed(user, Action.SERVICE_REQUEST_OPEN) or selectors.enterprise_requests(user).exists():
        return redirect("commissioners:requests")
    return redirect("commissioners:desk")


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.COMMISSIONERS_OVERSEE):
        return refused(request)
    form = forms.DesignationForm(request.POST or None, cities=regulated_city_ids(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = perform(request, lambda: services.designation_create(
            actor=request.user, commissioner=data["username"], city=data["city"], starts_on=data["starts_on"],
            ends_on=data["ends_on"], request=request), _("Designated."))
        if done is not None:
            return redirect("commissioners:oversight")
    overdue = selectors.overdue_requests(request.user)
    return render(request, "commissioners/oversight.html", {
        "form": form, "designations": selectors.designations_overseen(request.user)[:300],
        "overdue": overdue[:200], "overdue_count": overdue.count(),
        "today": timezone.localdate(),
        "sla_days": settings.COMMISSIONER_ACCEPT_WORKING_DAYS})


def _designation(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.designation_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    designation = _designation(request, pk)
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    perform(request, lambda: services.designation_revoke(actor=request.user, designation=designation, reason=reason,
                                                         request=request), _("Revoked."))
    return redirect("commissioners:oversight")


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    designation = _designation(request, pk)
    form = forms.AssignForm(request.POST)
    enterprise = selectors.enterprise_named(form.cleaned_data["enterprise"]) if form.is_valid() else None
    if enterprise is None:
        messages.error(request, _("No enterprise has this name or code."))
        return redirect("commissioners:oversight")
    perform(request, lambda: services.assignment_create(actor=request.user, designation=designation,
                                                        enterprise=enterprise, request=request), _("Assigned."))
    return redirect("commissioners:oversight")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The commissioner's work; a broker not (or no longer) designated is told so."""
    designations = list(selectors.own_designations(request.user))
    if not designations and not is_allowed(request.user, Action.COMMISSIONERS_PAGES):
        return refused(request)
    return render(request, "commissioners/desk.html", {
        "designations": designations, "assignments": selectors.assigned_enterprises(request.user),
        "requests": selectors.desk_requests(request.user), "visits": selectors.recent_visits(request.user),
        "today": timezone.localdate()})


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    enterprises = Organisation.objects.filter(pk__in=service_requester_org_ids(request.user)).order_by("pk")
    own = selectors.enterprise_requests(request.user)
    if not enterprises and not own.exists():
        return refused(request)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = enterprises.filter(pk=request.POST.get("enterprise") or None).first() or enterprises.first()
        service = perform(request, lambda: services.service_request_open(
            actor=request.user, enterprise=enterprise, need=form.cleaned_data["need"],
            deadline=form.cleaned_data["deadline"], request=request), _("Your request is sent."))
        if service is not None:
            return redirect("commissioners:request", pk=service.pk)
    return render(request, "commissioners/requests.html", {
        "form": form, "enterprises": enterprises, "requests": own[:200],
        "commissioners": selectors.enterprise_commissioners(request.user)})


def _service(request: HttpRequest, pk: int) -> ServiceRequest:
    try:
        return selectors.request_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    user = request.user
    serves = is_allowed(user, Action.COMMISSIONER_SERVE, service)
    claims = is_allowed(user, Action.ATTRIBUTION_CLAIM, service)
    return render(request, "commissioners/request.html", {
        "service": service, "serves": serves, "today": timezone.localdate(),
        "may_withdraw": (service.status in (RequestStatus.OPEN, RequestStatus.ACCEPTED)
                         and is_allowed(user, Action.SERVICE_REQUEST_OPEN, service)),
        "steps": service.steps.select_related("actor"), "visits": service.visits.all(),
        "recommendations": service.recommendations.select_related("patent", "demand"),
        "attributions": service.attributions.select_related("deal"),
        "claimable": selectors.claimable_deals(service) if claims else [],
        "visit_form": forms.VisitForm(), "recommend_form": forms.RecommendationForm(),
        "close_form": forms.CloseForm(), "withdraw_form": forms.ReasonForm()})


STEP_SERVICES = {
    RequestStatus.ACCEPTED: lambda user, service, note, request: services.service_request_accept(
        actor=user, service=service, request=request),
    RequestStatus.WITHDRAWN: lambda user, service, note, request: services.service_request_withdraw(
        actor=user, service=service, reason=note, request=request),
}


@login_required
@require_POST
def request_step(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    take = STEP_SERVICES.get(request.POST.get("to", ""))
    if take is None:
        raise Http404(_("No such step."))
    perform(request, lambda: take(request.user, service, request.POST.get("reason", ""), request), _("Done."))
    return redirect("commissioners:request", pk=service.pk)


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, form)
    data = form.cleaned_data
    deal = Deal.objects.filter(pk=data["deal"]).first() if data["deal"] else None
    perform(request, lambda: services.service_request_close(actor=request.user, service=service,
                                                            outcome=data["outcome"], note=data["note"], deal=deal,
                                                            request=request), _("Closed."))
    return redirect("commissioners:request", pk=service.pk)


@login_required
@require_POST
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.VisitForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, form)
    perform(request, lambda: services.visit_record(actor=request.user, service=service, request=request,
                                                   **form.cleaned_data), _("Visit recorded."))
    return redirect("commissioners:request", pk=service.pk)


@login_required
@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.RecommendationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, form)
    data = form.cleaned_data
    perform(request, lambda: services.recommendation_record(
        actor=request.user, service=service, patent=patent_get(data["patent"]) if data["patent"] else None,
        demand=_demand(data["demand"]), event=data["event"], note=data["note"], request=request),
        _("Recommendation sent."))
    return redirect("commissioners:request", pk=service.pk)


def _demand(pk: int | None) -> Demand | None:
    if pk is None:
        return None
    demand = Demand.objects.filter(pk=pk).first()
    if demand is None:
        raise ValidationFailed(details={"demand": _("No such demand.")})
    return demand


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.ClaimForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, form)
    deal = Deal.objects.filter(pk=form.cleaned_data["deal"]).first()
    recommendation = service.recommendations.filter(pk=form.cleaned_data["recommendation"] or 0).first()
    if deal is None:
        raise Http404(_("No such deal."))
    perform(request, lambda: services.attribution_claim(actor=request.user, deal=deal, service=service,
                                                        recommendation=recommendation, request=request),
            _("Claimed; a party of the deal is asked to confirm."))
    return redirect("commissioners:request", pk=service.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    attribution = Attribution.objects.select_related("deal").filter(pk=pk).first()
    if attribution is None:
        raise Http404(_("No such attribution."))
    if request.POST.get("to") == "confirmed":
        perform(request, lambda: services.attribution_confirm(actor=request.user, attribution=attribution,
                                                              request=request), _("Confirmed."))
    else:
        perform(request, lambda: services.attribution_refuse(actor=request.user, attribution=attribution,
                                                             reason=request.POST.get("reason", ""),
                                                             request=request), _("Refused."))
    return redirect(reverse("deals:detail", args=[attribution.deal_id]))


def _invalid(request: HttpRequest, service: ServiceRequest, form: Any) -> HttpResponse:
    messages.error(request, "；".join(f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
                                     for k, v in form.errors.items()))
    return redirect("commissioners:request", pk=service.pk)

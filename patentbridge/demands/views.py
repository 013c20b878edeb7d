"""Demand pages: list, post, detail with explained matches and the enterprise's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.demands import selectors, services
from patentbridge.demands.forms import AnswerForm, DemandForm
from patentbridge.demands.models import DemandStatus, MatchStatus
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import DEMAND_ROLES, Action, authorize, is_allowed, org_ids_with_roles
from patentbridge.patents.selectors import patent_get


def _visible(request: HttpRequest, demand_id: int):
    try:
        return selectors.demand_get(request.user, demand_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def demand_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.demands_visible_to(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "demands/list.html", {"page": page,
                                                 "can_post": is_allowed(request.user, Action.DEMAND_CREATE)})


@login_required
def demand_new(request: HttpRequest) -> HttpResponse:
    try:
        authorize(request.user, Action.DEMAND_CREATE, request=request)
    except DomainError:
        return refused(request)
    form = DemandForm(request.POST or None, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.objects.filter(
            pk__in=org_ids_with_roles(request.user, DEMAND_ROLES)).order_by("pk").first()
        try:
            with transaction.atomic():
                demand = services.demand_create(actor=request.user, organisation=organisation,
                                                data=form.data_for_service())
                if "publish" in request.POST:
                    services.demand_transition(actor=request.user, demand=demand, to=DemandStatus.PUBLISHED)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("demands:detail", demand_id=demand.pk)
    return render(request, "demands/new.html", {"form": form})


def demand_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _visible(request, demand_id)
    result = services.demand_matches(demand, limit=10)
    answers = {m.patent_id: m for m in selectors.matches_of(demand)}
    can_change = is_allowed(request.user, Action.DEMAND_CHANGE, demand)
    return render(request, "demands/detail.html", {
        "demand": demand, "result": result, "answers": answers,
        "choices": services.answer_choices(request.user, demand, [h.patent.pk for h in result.hits], answers),
        "transitions": services.demand_steps(request.user, demand),
        "history": selectors.demand_history(demand) if can_change else None,
    })


@login_required
@require_POST
def demand_answer(request: HttpRequest, demand_id: int, number: str) -> HttpResponse:
    demand = _visible(request, demand_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise Http404("bad answer")
    answer = form.cleaned_data["answer"]
    try:
        with transaction.atomic():
            if answer == MatchStatus.SHORTLISTED:
                services.match_shortlist(actor=request.user, demand=demand, patent=patent_get(number))
            else:
                services.match_answer(actor=request.user, demand=demand, patent=patent_get(number),
                                      interested=answer == MatchStatus.INTERESTED, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your answer is recorded and shared with the patent's office."))
    return redirect("demands:detail", demand_id=demand.pk)


@login_required
@require_POST
def demand_transition(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _visible(request, demand_id)
    try:
        with transaction.atomic():
            services.demand_transition(actor=request.user, demand=demand, to=request.POST.get("to", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("demands:detail", demand_id=demand.pk)

"""Matchmaker-rewards pages: every city's policies (public), a commissioner's eligible deals and applications,
applying with the rules and the calculation shown first, an application's page with its steps, the city regulator's
review queue and ledger (CSV, XLSX) and its policy form. A refused form is shown again with what was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, PermissionDenied
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.matchmaker_rewards import exports, selectors, services
from patentbridge.matchmaker_rewards.forms import (
    EXAMPLES,
    ApplyForm,
    ApproveForm,
    LedgerForm,
    PaymentForm,
    PolicyForm,
    RefuseForm,
)
from patentbridge.matchmaker_rewards.models import ApplicationStatus, MatchmakerApplication, MatchmakerPolicy
from patentbridge.orgs.permissions import Action, authorize, is_allowed


def _found(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _allowed(request: HttpRequest, action: Action, obj: Any = None) -> bool:
    try:
        authorize(request.user, action, obj, request=request)
    except PermissionDenied:
        return False
    return True


def index(request: HttpRequest) -> HttpResponse:
    """Every city's policies, for anyone to read."""
    return render(request, "matchmaker_rewards/index.html", {
        "policies": selectors.public_policies(),
        "may_edit": is_allowed(request.user, Action.MM_REWARD_POLICY_EDIT),
    })


def _policy_page(request: HttpRequest, form: PolicyForm, policy: MatchmakerPolicy | None) -> HttpResponse:
    return render(request, "matchmaker_rewards/policy_form.html", {"form": form, "policy": policy})


@login_required
def policy_edit(request: HttpRequest, policy_id: int | None = None) -> HttpResponse:
    """A new version of a city's policy, or a change to one (regulators of the city)."""
    if not _allowed(request, Action.MM_REWARD_POLICY_EDIT):
        return refused(request)
    policy = _found(selectors.policy_get, request.user, policy_id) if policy_id else None
    cities = selectors.governed_cities(request.user)
    if request.method != "POST":
        initial = EXAMPLES.get(request.GET.get("example", ""), {}) if policy is None else {}
        return _policy_page(request, PolicyForm(instance=policy, initial=initial, cities=cities), policy)
    form = PolicyForm(request.POST, instance=policy, cities=cities)
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = services.policy_save(actor=request.user, city=form.cleaned_data["city"],
                                             data=form.data_for_service(), policy=policy, request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Policy saved: “%(title)s”.") % {"title": saved.title})
            return redirect("matchmaker_rewards:index")
    return _policy_page(request, form, policy)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The commissioner's attributed deals that are eligible now, and their applications."""
    return render(request, "matchmaker_rewards/mine.html", {
        "eligible": selectors.eligible_for(request.user),
        "attributions": selectors.attributions_of(request.user),
        "applications": selectors.own_applications(request.user),
    })


@login_required
def apply(request: HttpRequest, attribution_id: int) -> HttpResponse:
    """Choose the policy and the year for an attributed deal; see the rules and the calculation; then apply."""
    attribution = _found(selectors.attribution_get, request.user, attribution_id)
    policies = MatchmakerPolicy.objects.filter(is_example=False).select_related("city")
    form = ApplyForm(request.POST or request.GET or None, policies=policies)
    assessment = None
    if form.is_bound and form.is_valid():
        policy, year = form.cleaned_data["policy"], form.cleaned_data["year"]
        if request.method == "POST":
            try:
                with transaction.atomic():
                    application = services.reward_apply(actor=request.user, attribution=attribution, policy=policy,
                                                        year=year, team=form.cleaned_data["team"], request=request)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Application sent to the city's regulator."))
                return redirect("matchmaker_rewards:application", application_id=application.pk)
        assessment = selectors.assessment(policy, attribution, year)
    return render(request, "matchmaker_rewards/apply.html", {"form": form, "assessment": assessment,
                                                              "attribution": attribution})


def _application_page(request: HttpRequest, application: MatchmakerApplication, **forms: Any) -> HttpResponse:
    may_decide = is_allowed(request.user, Action.MM_REWARD_DECIDE, application)
    applied = application.status == ApplicationStatus.APPLIED
    return render(request, "matchmaker_rewards/application.html", {
        "application": application,
        "calculation": selectors.application_calculation(application),
        "checks": selectors.application_checks(application) if applied else [],
        "may_decide": may_decide and applied,
        "may_pay": may_decide and application.status == ApplicationStatus.APPROVED,
        "may_withdraw": applied and is_allowed(request.user, Action.MM_REWARD_APPLY, application),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
        "pay_form": forms.get("pay_form") or PaymentForm(initial={"amount": application.approved_amount,
                                                                  "paid_on": timezone.localdate()}),
    })


@login_required
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    return _application_page(request, _found(selectors.application_get, request.user, application_id))


_STEP_FORMS = {"approve": ApproveForm, "refuse": RefuseForm, "pay": PaymentForm}


@login_required
@require_POST
def application_step(request: HttpRequest, application_id: int, step: str) -> HttpResponse:
    """Approve, refuse, record the payment, or withdraw: one service call each."""
    found = _found(selectors.application_get, request.user, application_id)
    form = _STEP_FORMS[step](request.POST) if step in _STEP_FORMS else None
    if form is not None and not form.is_valid():
        return _application_page(request, found, **{f"{step}_form": form})
    try:
        with transaction.atomic():
            _take_step(request, found, step, form.cleaned_data if form else {})
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("matchmaker_rewards:application", application_id=found.pk)
        add_domain_error(form, exc)
        return _application_page(request, found, **{f"{step}_form": form})
    messages.success(request, _("Saved."))
    return redirect("matchmaker_rewards:application", application_id=found.pk)


def _take_step(request: HttpRequest, found: MatchmakerApplication, step: str, data: dict[str, Any]) -> None:
    common = {"actor": request.user, "application": found, "request": request}
    if step == "approve":
        services.reward_approve(amount=data["amount"], reason=data["reason"], **common)
    elif step == "refuse":
        services.reward_refuse(reason=data["reason"], **common)
    elif step == "pay":
        services.reward_pay(amount=data["amount"], paid_on=data["paid_on"], reference=data["reference"], **common)
    elif step == "withdraw":
        services.reward_withdraw(**common)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the city's regulator: applications to decide and approvals to pay."""
    if not _allowed(request, Action.MM_REWARD_DECIDE):
        return refused(request)
    return render(request, "matchmaker_rewards/queue.html", {
        "rows": selectors.review_queue(request.user), "cities": selectors.governed_cities(request.user),
        "year": timezone.localdate().year - 1})


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """A city's ledger for a year: every application with its amounts, and the totals; CSV or XLSX on request."""
    if not _allowed(request, Action.MM_REWARD_DECIDE):
        return refused(request)
    cities = selectors.governed_cities(request.user)
    default_year = timezone.localdate().year - 1
    form = LedgerForm(request.GET or None, cities=cities, initial={"city": cities.first(), "year": default_year})
    valid = form.is_bound and form.is_valid()
    city = form.cleaned_data["city"] if valid else cities.first()
    year = form.cleaned_data["year"] if valid else default_year
    if city is None:
        return refused(request)
    book = selectors.ledger(city, year)
    if request.GET.get("format") in ("csv", "xlsx"):
        return exports.ledger_response(book, request.GET["format"])
    return render(request, "matchmaker_rewards/ledger.html", {"form": form, "ledger": book})

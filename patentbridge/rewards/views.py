"""Rewards pages: the overview (a regulator's policies and ledgers, an enterprise's applications), a policy's form,
applying with the rules and the calculation shown first, an application's page with its steps, and each city's
ledger for a year with CSV and XLSX export. A refused form is shown again with what was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, PermissionDenied
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize, is_allowed
from patentbridge.rewards import exports, selectors, services
from patentbridge.rewards.forms import (
    SHANGHAI_EXAMPLE,
    ApplyForm,
    ApproveForm,
    LedgerForm,
    PaymentForm,
    PolicyForm,
    RefuseForm,
)
from patentbridge.rewards.models import ApplicationStatus, RewardApplication


def _found(user: Any, application_id: int) -> RewardApplication:
    try:
        return selectors.application_get(user, application_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _allowed(request: HttpRequest, action: Action, obj: Any = None) -> bool:
    try:
        authorize(request.user, action, obj, request=request)
    except PermissionDenied:
        return False
    return True


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not _allowed(request, Action.REWARDS_VIEW):
        return refused(request)
    return render(request, "rewards/index.html", {
        "policies": selectors.policies_for(request.user),
        "cities": selectors.governed_cities(request.user) if is_allowed(request.user, Action.REWARD_DECIDE) else [],
        "applications": selectors.applications_visible_to(request.user)[:100],
        "may_apply": is_allowed(request.user, Action.REWARD_APPLY),
        "may_edit": is_allowed(request.user, Action.REWARD_POLICY_EDIT),
        "year": timezone.localdate().year - 1,
    })


def _policy_page(request: HttpRequest, form: PolicyForm, policy: Any = None) -> HttpResponse:
    return render(request, "rewards/policy_form.html", {"form": form, "policy": policy,
                                                        "example": SHANGHAI_EXAMPLE})


@login_required
def policy_edit(request: HttpRequest, policy_id: int | None = None) -> HttpResponse:
    """A new version of a city's policy, or a change to one (regulators of the city)."""
    if not _allowed(request, Action.REWARD_POLICY_EDIT):
        return refused(request)
    try:
        policy = selectors.policy_get(request.user, policy_id) if policy_id else None
    except NotFound as exc:
        raise Http404(exc.message) from exc
    cities = selectors.governed_cities(request.user)
    if request.method != "POST":
        initial = {**SHANGHAI_EXAMPLE} if request.GET.get("example") == "shanghai" and policy is None else {}
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
            return redirect("rewards:index")
    return _policy_page(request, form, policy)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Choose the product, the policy and the year; see the rules and the calculation; then apply."""
    if not _allowed(request, Action.REWARD_APPLY):
        return refused(request)
    products = selectors.products_of(request.user)
    policies = selectors.policies_open_to(products.first())
    form = ApplyForm(request.POST or request.GET or None, products=products, policies=policies)
    assessment = None
    if form.is_bound and form.is_valid():
        product, policy, year = (form.cleaned_data[k] for k in ("product", "policy", "year"))
        if request.method == "POST":
            try:
                with transaction.atomic():
                    application = services.reward_apply(actor=request.user, product=product, policy=policy,
                                                        year=year, request=request)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Application sent to the city's regulator."))
                return redirect("rewards:application", application_id=application.pk)
        assessment = selectors.assessment(policy, product, year)
    return render(request, "rewards/apply.html", {"form": form, "assessment": assessment})


def _application_page(request: HttpRequest, application: RewardApplication, **forms: Any) -> HttpResponse:
    may_decide = is_allowed(request.user, Action.REWARD_DECIDE, application)
    applied = application.status == ApplicationStatus.APPLIED
    return render(request, "rewards/application.html", {
        "application": application,
        "calculation": selectors.application_calculation(application),
        "checks": selectors.assessment(application.policy, application.product, application.year).checks
        if applied else [],
        "may_decide": may_decide and applied,
        "may_pay": may_decide and application.status == ApplicationStatus.APPROVED,
        "may_withdraw": applied and is_allowed(request.user, Action.REWARD_APPLY, application.product),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
        "pay_form": forms.get("pay_form") or PaymentForm(initial={"amount": application.approved_amount,
                                                                  "paid_on": timezone.localdate()}),
    })


@login_required
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    return _application_page(request, _found(request.user, application_id))


_STEP_FORMS = {"approve": ApproveForm, "refuse": RefuseForm, "pay": PaymentForm}


@login_required
@require_POST
def application_step(request: HttpRequest, application_id: int, step: str) -> HttpResponse:
    """Approve, refuse, record the payment, or withdraw: one service call each."""
    found = _found(request.user, application_id)
    form = _STEP_FORMS[step](request.POST) if step in _STEP_FORMS else None
    if form is not None and not form.is_valid():
        return _application_page(request, found, **{f"{step}_form": form})
    try:
        with transaction.atomic():
            _take_step(request, found, step, form.cleaned_data if form else {})
    except DomainError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("rewards:application", application_id=found.pk)
        add_domain_error(form, exc)
        return _application_page(request, found, **{f"{step}_form": form})
    messages.success(request, _("Saved."))
    return redirect("rewards:application", application_id=found.pk)


def _take_step(request: HttpRequest, found: RewardApplication, step: str, data: dict[str, Any]) -> None:
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
def ledger(request: HttpRequest) -> HttpResponse:
    """A city's ledger for a year: every application with its amounts, and the totals; CSV or XLSX on request."""
    if not _allowed(request, Action.REWARD_DECIDE):
        return refused(request)
    cities = selectors.governed_cities(request.user)
    form = LedgerForm(request.GET or None, cities=cities,
                      initial={"city": cities.first(), "year": timezone.localdate().year - 1})
    city = form.cleaned_data["city"] if form.is_bound and form.is_valid() else cities.first()
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year - 1
    if city is None:
        return refused(request)
    book = selectors.ledger(get_object_or_404(City, pk=city.pk), year)
    if request.GET.get("format") in ("csv", "xlsx"):
        return exports.ledger_response(book, request.GET["format"])
    return render(request, "rewards/ledger.html", {"form": form, "ledger": book})

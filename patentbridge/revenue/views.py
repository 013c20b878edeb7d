"""Revenue pages: the institution's policy, income and allocations (office); each inventor's own statement.
A refused form is shown again with what was typed and each error next to its field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.deals.selectors import signed_deals_of
from patentbridge.licensing.models import OpenLicence
from patentbridge.orgs.models import Organisation
from patentbridge.pool.selectors import inventors_of, office_org_ids
from patentbridge.revenue import selectors, services
from patentbridge.revenue.forms import IncomeForm, PaymentForm, PolicyForm, equal_shares, share_formset
from patentbridge.revenue.models import Income, InventorShare, RewardPolicy


def _office(request: HttpRequest) -> Organisation | None:
    return Organisation.objects.filter(pk__in=office_org_ids(request.user)).order_by("pk").first()


def _income_form(office: Organisation, data: Any = None) -> IncomeForm:
    licences = (OpenLicence.objects.filter(declaration__organisation=office, status="active")
                .select_related("declaration__patent", "licensee"))
    return IncomeForm(data, licences=licences, deals=signed_deals_of(office.pk),
                      initial={"received_on": timezone.localdate()})


def _statement(request: HttpRequest, office: Organisation | None, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {"shares": selectors.shares_of(request.user), "office": office}
    if office is not None:
        policy = RewardPolicy.objects.filter(organisation=office).select_related("jurisdiction").first()
        context.update({
            "policy": policy,
            "incomes": selectors.incomes_of(office.pk)[:50],
            "policy_form": forms.get("policy_form") or PolicyForm(initial=PolicyForm.initial_for(policy)),
            "income_form": forms.get("income_form") or _income_form(office),
            "share_forms": forms.get("share_forms") or share_formset(inventors=inventors_of(office.pk)),
        })
    return render(request, "revenue/statement.html", context)


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    return _statement(request, _office(request))


@login_required
@require_POST
def policy(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return refused(request)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = services.policy_save(actor=request.user, organisation=office,
                                             jurisdiction=form.cleaned_data["jurisdiction"],
                                             data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc, fields={"deductions": "deduction_name"})
        else:
            messages.success(request, saved.review_reason or _("Reward policy saved."))
            return redirect("revenue:statement")
    return _statement(request, office, policy_form=form)


@login_required
@require_POST
def income(request: HttpRequest) -> HttpResponse:
    """Record income; when inventors are named, allocate it in the same step (both or neither)."""
    office = _office(request)
    if office is None:
        return refused(request)
    form = _income_form(office, request.POST)
    shares = share_formset(data=request.POST, inventors=inventors_of(office.pk))
    if form.is_valid() and shares.is_valid():
        try:
            with transaction.atomic():
                recorded = services.income_record(
                    actor=request.user, organisation=office, kind=form.cleaned_data["kind"],
                    gross=form.cleaned_data["gross"], received_on=form.cleaned_data["received_on"],
                    description=form.description_or_source(), open_licence=form.cleaned_data["licence"],
                    deal=form.cleaned_data["deal"])
                if shares.shares():
                    services.allocate(actor=request.user, income=recorded, shares=shares.shares())
        except DomainError as exc:
            if "shares" in _details(exc):
                shares.refuse(_details(exc)["shares"])
            else:
                add_domain_error(form, exc)
        else:
            if not shares.shares():
                messages.success(request, _("Income recorded; now allocate its reward to the inventors."))
                return redirect(reverse("revenue:income_detail", args=[recorded.pk]) + "#allocate")
            messages.success(request, _("Income recorded and allocated."))
            return redirect("revenue:statement")
    return _statement(request, office, income_form=form, share_forms=shares)


def _details(exc: DomainError) -> dict[str, Any]:
    return exc.details if isinstance(exc.details, dict) else {}


def _office_income(request: HttpRequest, income_id: int) -> tuple[Organisation, Income]:
    office = _office(request)
    found = selectors.income_of(office.pk, income_id) if office is not None else None
    if found is None:
        raise Http404("no such income")
    return office, found


def _income_page(request: HttpRequest, office: Organisation, found: Income, *, share_forms: Any = None,
                 pay_form: tuple[int, PaymentForm] | None = None) -> HttpResponse:
    allocated = bool(found.shares.all())
    names = [] if allocated else selectors.inventor_names(found)
    if share_forms is None and not allocated:
        share_forms = share_formset(inventors=inventors_of(office.pk), initial=equal_shares(names))
    return render(request, "revenue/income.html", {
        "income": found, "office": office, "share_forms": share_forms, "allocated": allocated, "prefilled": names,
        "rows": [(share, pay_form[1] if pay_form and pay_form[0] == share.pk
                  else PaymentForm(initial={"amount": share.owed}, auto_id=f"pay{share.pk}_%s"))
                 for share in found.shares.all()],
    })


@login_required
def income_detail(request: HttpRequest, income_id: int) -> HttpResponse:
    office, found = _office_income(request, income_id)
    return _income_page(request, office, found)


@login_required
@require_POST
def allocate(request: HttpRequest, income_id: int) -> HttpResponse:
    office, found = _office_income(request, income_id)
    shares = share_formset(data=request.POST, inventors=inventors_of(office.pk))
    if shares.is_valid():
        try:
            with transaction.atomic():
                services.allocate(actor=request.user, income=found, shares=shares.shares())
        except DomainError as exc:
            shares.refuse(_details(exc).get("shares") or exc.message)
        else:
            messages.success(request, _("Reward allocated to the inventors."))
            return redirect("revenue:income_detail", income_id=found.pk)
    return _income_page(request, office, found, share_forms=shares)


@login_required
@require_POST
def pay(request: HttpRequest, share_id: int) -> HttpResponse:
    office = _office(request)
    share = InventorShare.objects.filter(pk=share_id, income__organisation=office).first() if office else None
    if share is None:
        return refused(request)
    form = PaymentForm(request.POST, auto_id=f"pay{share.pk}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                services.pay(actor=request.user, share=share, amount=form.cleaned_data["amount"],
                             paid_on=form.cleaned_data["paid_on"] or timezone.localdate(),
                             reference=form.cleaned_data["reference"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("revenue:income_detail", income_id=share.income_id)
    return _income_page(request, office, selectors.income_of(office.pk, share.income_id), pay_form=(share.pk, form))

"""Revenue pages: the institution's policy, income and allocations (office); each inventor's own statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, ValidationFailed, readable
from patentbridge.core.views import refused
from patentbridge.deals.selectors import signed_deals_of
from patentbridge.licensing.models import OpenLicence
from patentbridge.orgs.models import Organisation
from patentbridge.pool.selectors import inventors_of, office_org_ids
from patentbridge.revenue import services
from patentbridge.revenue.models import Income, IncomeKind, InventorShare, JurisdictionFloor, RewardPolicy
from patentbridge.revenue.services import ShareIn


def _office(request: HttpRequest) -> Organisation | None:
    return Organisation.objects.filter(pk__in=office_org_ids(request.user)).order_by("pk").first()


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    shares = (InventorShare.objects.filter(inventor=request.user).select_related("income", "income__organisation")
              .order_by("-income__received_on"))
    context = {"shares": shares, "office": office, "floors": JurisdictionFloor.objects.all(),
               "kinds": IncomeKind.choices}
    if office is not None:
        context.update({
            "policy": RewardPolicy.objects.filter(organisation=office).first(),
            "incomes": Income.objects.filter(organisation=office).prefetch_related("shares")
            .order_by("-received_on")[:50],
            "licences": OpenLicence.objects.filter(declaration__organisation=office, status="active")
            .select_related("declaration__patent", "licensee"),
            "inventors": inventors_of(office.pk),
            "deals": signed_deals_of(office.pk)[:200],
        })
    return render(request, "revenue/statement.html", context)


def _decimal(value: str | None) -> Decimal:
    try:
        return Decimal(value or "")
    except InvalidOperation as exc:
        raise ValidationFailed(details={"amount": _("Enter a number.")}) from exc


@login_required
@require_POST
def policy(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return refused(request)
    deductions = []
    for name, percent, amount in zip_longest(request.POST.getlist("deduction_name"),
                                             request.POST.getlist("deduction_percent"),
                                             request.POST.getlist("deduction_amount"), fillvalue=""):
        if name.strip():
            deductions.append({"name": name, "percent": percent} if percent else {"name": name, "amount": amount or 0})
    try:
        jurisdiction = JurisdictionFloor.objects.get(code=request.POST.get("jurisdiction", "national"))
        with transaction.atomic():
            saved = services.policy_save(actor=request.user, organisation=office, jurisdiction=jurisdiction, data={
                **{k: request.POST.get(k) for k in ("licence_share", "equity_share", "profit_share",
                                                     "main_contributor_share", "profit_years")},
                "deductions": deductions})
    except (DomainError, JurisdictionFloor.DoesNotExist) as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, saved.review_reason or _("Reward policy saved."))
    return redirect("revenue:statement")


@login_required
@require_POST
def income(request: HttpRequest) -> HttpResponse:
    """Record income and allocate it in one step (both or neither)."""
    office = _office(request)
    if office is None:
        return refused(request)
    post = request.POST
    inventors = {str(u.pk): u for u in inventors_of(office.pk)}
    try:
        shares = [ShareIn(name=name.strip(), weight=_decimal(weight), main_contributor=str(i) in post.getlist("main"),
                          inventor=inventors.get(account))
                  for i, (name, weight, account) in enumerate(zip_longest(post.getlist("name"), post.getlist("weight"),
                                                                          post.getlist("account"), fillvalue=""))
                  if name.strip()]
        licence = OpenLicence.objects.filter(pk=post.get("licence") or None, declaration__organisation=office).first()
        deal = signed_deals_of(office.pk).filter(pk=post.get("deal") or None).first()
        with transaction.atomic():
            recorded = services.income_record(
                actor=request.user, organisation=office, kind=post.get("kind", ""), gross=post.get("gross"),
                received_on=dt.date.fromisoformat(post.get("received_on") or timezone.localdate().isoformat()),
                description=post.get("description", "") or (licence and f"开放许可 OL-{licence.pk}")
                or (deal and f"交易 #{deal.pk}") or "收入",
                open_licence=licence, deal=deal)
            services.allocate(actor=request.user, income=recorded, shares=shares)
    except (DomainError, ValueError) as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("Income recorded and allocated."))
    return redirect("revenue:statement")


@login_required
@require_POST
def pay(request: HttpRequest, share_id: int) -> HttpResponse:
    office = _office(request)
    share = InventorShare.objects.filter(pk=share_id, income__organisation=office).first() if office else None
    if share is None:
        return refused(request)
    try:
        with transaction.atomic():
            services.pay(actor=request.user, share=share, amount=post_amount(request), paid_on=timezone.localdate(),
                         reference=request.POST.get("reference", ""))
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("Payment recorded."))
    return redirect("revenue:statement")


def post_amount(request: HttpRequest) -> Decimal:
    return _decimal(request.POST.get("amount"))

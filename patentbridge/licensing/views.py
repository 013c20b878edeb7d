"""Open-licence pages: declare (with the eligibility check and the fee estimator), take a licence, the licence with
its contract and recordation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, readable
from patentbridge.core.views import perform, refused
from patentbridge.licensing import estimator, selectors, services
from patentbridge.licensing.contract import contract_pdf
from patentbridge.licensing.models import AdjustmentCoefficient, OpenLicenceDeclaration, PaymentMode
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed, signing_enterprise_of, signing_patentee_org_ids
from patentbridge.patents.selectors import patent_get
from patentbridge.recordation.models import Recordation, RecordationStatus
from patentbridge.recordation.selectors import recordation_of
from patentbridge.recordation.services import recordation_file as file_recordation

NOT_A_NUMBER = gettext_lazy("Enter a number of at least 0, e.g. 12000.50.")


def _money(value: str | None, field: str, errors: dict[str, Any]) -> Decimal | None:
    """A non-negative amount typed into the form; an unreadable one is an error by its field, never taken as empty."""
    if value in (None, ""):
        return None
    try:
        amount = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        errors[field] = NOT_A_NUMBER
        return None
    return amount


def _declaration_data(post: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The declaration as typed, and the fields that could not be read."""
    errors: dict[str, Any] = {}
    term = post.get("term_years", "").strip()
    if term and not term.isdigit():
        errors["term_years"] = gettext_lazy("Enter a whole number of years.")
    data = {
        "payment_mode": post.get("payment_mode", ""), "lump_sum": _money(post.get("lump_sum"), "lump_sum", errors),
        "royalty_rate": _money(post.get("royalty_rate"), "royalty_rate", errors),
        "term_years": int(term) if term.isdigit() else None,
        "other_terms": post.get("other_terms", ""), "evaluation_report": post.get("evaluation_report", ""),
        "co_owners_consent": post.get("co_owners_consent") == "on",
        "pledgee_consent": post.get("pledgee_consent") == "on",
    }
    return data, errors


def _patent_or_404(number: str):
    try:
        return patent_get(number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _declare_step(request: HttpRequest, patent: Any, organisation: Organisation,
                  data: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    """Run the step the form asked for: (eligibility check, fee estimate, field errors)."""
    step = request.POST.get("step")
    if step == "estimate":
        try:
            estimate = estimator.estimate(request.POST.get("method", ""), {
                "base": request.POST.get("base"), "rate": request.POST.get("rate") or None,
                "industry": request.POST.get("industry", ""), "sector": request.POST.get("sector", ""),
                "prior_fees": [f for f in request.POST.get("prior_fees", "").replace("，", ",").split(",") if f],
                "coefficients": {c.key: request.POST.get(f"coef_{c.key}") for c in AdjustmentCoefficient.objects.all()
                                 if request.POST.get(f"coef_{c.key}")}})
        except DomainError as exc:
            return None, None, exc.details
        if data["payment_mode"] == PaymentMode.LUMP_SUM and data["lump_sum"] is None:
            data["lump_sum"] = estimate.annual_fee * (data["term_years"] or 1)
        return None, estimate, {}
    if step == "check":
        return services.declaration_check(patent, data, timezone.localdate()), None, {}
    try:
        with transaction.atomic():
            services.declare(actor=request.user, organisation=organisation, patent=patent,
                             data={**data, "estimate": {"steps": request.POST.get("estimate_steps", "")}})
    except DomainError as exc:
        check = exc.details if isinstance(exc.details, dict) and "refusals" in exc.details else None
        return check, None, {} if check else exc.details
    return None, None, {}


@login_required
def declare(request: HttpRequest, number: str) -> HttpResponse:
    patent = _patent_or_404(number)
    own = signing_patentee_org_ids(request.user, patent)
    if not own:
        return refused(request)
    organisation = Organisation.objects.get(pk=min(own))
    data, check, estimate, errors = None, None, None, {}
    if request.method == "POST":
        data, errors = _declaration_data(request.POST)
        if not errors:  # unreadable fields are shown by their fields first; nothing is estimated, checked or declared
            check, estimate, errors = _declare_step(request, patent, organisation, data)
            if check is None and estimate is None and not errors and request.POST.get("step") not in ("estimate",
                                                                                                      "check"):
                messages.success(request, _("The open licence is declared and published on the public list."))
                return redirect("patents:detail", number=patent.lookup_number)
    return render(request, "licensing/declare.html", {
        "patent": patent, "data": data or {"payment_mode": "lump_sum", "term_years": 3}, "check": check,
        "estimate": estimate, "errors": errors, "modes": PaymentMode.choices, "methods": estimator.METHODS,
        "coefficients": AdjustmentCoefficient.objects.all(), "organisation": organisation,
        "sectors": estimator.INTERNATIONAL.sectors,
        "industry": (patent.industry_codes or [""])[0],
    })


@login_required
def take(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = OpenLicenceDeclaration.objects.select_related("patent", "organisation").filter(
        pk=declaration_id).first()
    if declaration is None:
        raise Http404()
    licensee = signing_enterprise_of(request.user)
    if licensee is None:
        return refused(request)
    error = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                licence = services.licence_take(actor=request.user, licensee=licensee, declaration=declaration,
                                                notice=request.POST.get("notice", ""))
        except DomainError as exc:
            error = readable(exc)
        else:
            if licence.status == "active":
                messages.success(request, _("Licence obtained: it is in force from today."))
            else:
                messages.error(request, _("The payment did not go through; nothing was charged. Try again."))
            return redirect("licensing:licence", licence_id=licence.pk)
    notice = (f"{licensee.name}依据《专利法》第五十一条通知{declaration.organisation.name}：我方将按贵方开放许可声明"
              f"（{declaration.fee_terms}）实施专利 {declaration.patent.patent_number}《{declaration.patent.title}》，"
              "并按声明的方式和标准支付许可使用费。")
    return render(request, "licensing/take.html", {"declaration": declaration, "licensee": licensee,
                                                   "notice": notice, "error": error,
                                                   "amount": services.amount_due_now(declaration)})


@login_required
def licence_list(request: HttpRequest) -> HttpResponse:
    return render(request, "licensing/licences.html",
                  {"licences": selectors.licences_visible_to(request.user).order_by("-noticed_at")[:200]})


def _licence(request: HttpRequest, licence_id: int):
    try:
        return selectors.licence_visible(request.user, licence_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def licence_detail(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence(request, licence_id)
    recordation = recordation_of(licence.grant_id)
    return render(request, "licensing/licence.html", {
        "licence": licence, "recordation": recordation, "payments": licence.payments.all(),
        "today": timezone.localdate(),
        "can_end": licence.status != "ended" and is_allowed(request.user, Action.LICENCE_TAKE, licence.licensee)})


@login_required
@require_POST
def licence_end(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence(request, licence_id)
    reason = request.POST.get("reason", "")
    perform(request, lambda: services.licence_end(actor=request.user, licence=licence, reason=reason, request=request),
            _("The licence has ended."))
    return redirect("licensing:licence", licence_id=licence.pk)


@login_required
def licence_contract(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence(request, licence_id)
    response = HttpResponse(contract_pdf(licence), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="open-licence-{licence.pk}.pdf"'
    return response


@login_required
@require_POST
def recordation_file(request: HttpRequest, recordation_id: int) -> HttpResponse:
    recordation = Recordation.objects.select_related("grant__open_licence").filter(
        pk=recordation_id, grant__open_licence__isnull=False).first()
    if recordation is None:
        raise Http404()
    licence = _licence(request, recordation.grant.open_licence.pk)
    try:
        with transaction.atomic():
            filed = file_recordation(actor=request.user, recordation=recordation, request=request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        if filed.status == RecordationStatus.RECORDED:
            messages.success(request, _("Recorded."))
        else:
            messages.error(request, _("Recordation refused: see the reasons below."))
    return redirect("licensing:licence", licence_id=licence.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = OpenLicenceDeclaration.objects.select_related("patent").filter(pk=declaration_id).first()
    if declaration is None:
        raise Http404()
    if not signing_patentee_org_ids(request.user, declaration.patent):
        return refused(request)
    reason = request.POST.get("reason", "")
    perform(request, lambda: services.withdraw(actor=request.user, declaration=declaration, reason=reason),
            _("The declaration is withdrawn; licences already taken stay valid."))
    return redirect("patents:detail", number=declaration.patent.lookup_number)

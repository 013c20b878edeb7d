"""Technology-contract registration pages: the parties' contracts, one contract with its registration (enter it,
download the certificate, cancel it) and its history."""

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

from patentbridge.core.errors import DomainError, NotFound, readable
from patentbridge.core.views import form_date, perform
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.recordation import contracts, selectors
from patentbridge.recordation.certificate import certificate_pdf
from patentbridge.recordation.models import ContractStatus, TechContractRegistration


def contract_context(request: HttpRequest, contract: TechContractRegistration) -> dict[str, Any]:
    """What a page shows of a contract's registration, and what the user may do with it."""
    may_act = is_allowed(request.user, Action.TECH_CONTRACT_REGISTER, contract)
    return {"contract": contract, "contract_history": selectors.contract_history(contract),
            "can_register": may_act and contract.status == ContractStatus.PENDING
            and contract.ended_early_on is None,
            "can_cancel": may_act and contract.ended_early_on is not None
            and ContractStatus.CANCELLED in contracts.CONTRACT_TRANSITIONS[contract.status],
            "cities": City.objects.all(), "today": timezone.localdate()}


def _contract(request: HttpRequest, contract_id: int) -> TechContractRegistration:
    try:
        return selectors.contract_get(request.user, contract_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    items = selectors.contracts_visible_to(request.user).order_by("-pk")[:200]
    return render(request, "recordation/contract_list.html", {"contracts": items})


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id)
    return render(request, "recordation/contract.html", contract_context(request, contract))


@login_required
@require_POST
def contract_register(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id)
    post = request.POST
    try:
        with transaction.atomic():
            registered = contracts.contract_register(
                actor=request.user, contract=contract, number=post.get("registration_number", ""),
                registered_on=form_date(post.get("registered_on")) or timezone.localdate(),
                city=post.get("city") or None, request=request)
    except DomainError as exc:
        # Shown again on the contract's page with what was typed and each error by its field.
        messages.error(request, readable(exc))
        errors = exc.details if isinstance(exc.details, dict) else {}
        return render(request, "recordation/contract.html",
                      {**contract_context(request, contract), "post": post, "errors": errors}, status=400)
    messages.success(request, _("Registration entered: the contract is now “%(status)s”.")
                     % {"status": registered.get_status_display()})
    return redirect("recordation:contract", contract_id=contract.pk)


@login_required
@require_POST
def contract_cancel(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id)
    reason = request.POST.get("reason", "")
    perform(request, lambda: contracts.contract_cancel(actor=request.user, contract=contract, reason=reason,
                                                       request=request),
            _("The registration is cancelled; the contract no longer counts."))
    return redirect("recordation:contract", contract_id=contract.pk)


@login_required
def contract_certificate(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id)
    try:
        pdf = certificate_pdf(contract)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tech-contract-{contract.pk}.pdf"'
    return response

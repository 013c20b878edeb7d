"""Pledge-disposal pages: the bank's pledges and cases, one case with its steps and statement, the opening form, the
statement as PDF, and the regulator's overview."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.money import non_negative
from patentbridge.core.views import form_date, perform, refused
from patentbridge.finance import routes, selectors, services
from patentbridge.finance.models import DisposalRoute, DisposalStatus, PledgeDisposal
from patentbridge.finance.pdf import statement_pdf
from patentbridge.finance.statement import frozen, settle
from patentbridge.orgs.permissions import Action, is_allowed


def _disposal(request: HttpRequest, pk: int) -> PledgeDisposal:
    try:
        return selectors.disposal_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The bank's pledges it may dispose of and every case the user may read."""
    pledges = selectors.pledges_to_dispose(request.user)
    cases = selectors.disposals_visible(request.user)
    if not is_allowed(request.user, Action.DISPOSALS_PAGES) and not cases.exists():
        return refused(request)
    return render(request, "finance/index.html", {
        "pledges": pledges[:200], "cases": cases[:300], "today": timezone.localdate(),
        "overview": is_allowed(request.user, Action.DISPOSALS_OVERVIEW)})


@login_required
def disposal_open(request: HttpRequest, pledge_id: int) -> HttpResponse:
    try:
        pledge = selectors.pledge_for_disposal(request.user, pledge_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST":
        disposal = perform(request, lambda: services.disposal_open(actor=request.user, pledge=pledge,
                                                                   data=request.POST.dict(), request=request),
                           _("The disposal is open; the pledgor is asked to agree."))
        if disposal is not None:
            return redirect("finance:disposal", pk=disposal.pk)
    return render(request, "finance/open.html", {"pledge": pledge, "data": request.POST,
                                                 "today": timezone.localdate()})


def _costs(request: HttpRequest) -> tuple[Decimal, Decimal]:
    """The costs typed for the preview; zero for what is empty or not a non-negative number."""
    def read(name: str) -> Decimal:
        try:
            return non_negative(request.GET.get(name) or 0, name)
        except DomainError:
            return Decimal("0")
    return read("commission"), read("other_costs")


def _preview(disposal: PledgeDisposal, costs: tuple[Decimal, Decimal]) -> Any:
    """The statement as it would be with these costs, while the sold case waits for its confirmation."""
    if disposal.status != DisposalStatus.SOLD or disposal.price is None:
        return None
    try:
        return settle(disposal, price=disposal.price, commission=costs[0], other_costs=costs[1]).calculation
    except DomainError:  # costs above the price
        return settle(disposal, price=disposal.price, commission=Decimal("0"), other_costs=Decimal("0")).calculation


@login_required
def disposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = _disposal(request, pk)
    user = request.user
    acts = is_allowed(user, Action.DISPOSAL_ACT, disposal)
    costs = _costs(request)
    return render(request, "finance/disposal.html", {
        "disposal": disposal, "acts": acts, "today": timezone.localdate(),
        "agrees": disposal.status == DisposalStatus.DRAFT and is_allowed(user, Action.DISPOSAL_AGREE, disposal),
        "shows_repayment": (disposal.status in services.WITHDRAWABLE
                            and is_allowed(user, Action.DISPOSAL_REPAID, disposal)),
        "steps": disposal.steps.select_related("actor"), "routes": DisposalRoute.choices,
        "organisers": routes.organisers() if acts else [], "sale_url": routes.sale_url(disposal),
        "statement": frozen(disposal), "preview": _preview(disposal, costs) if acts else None,
        "commission": costs[0], "other_costs": costs[1]})


def _step(request: HttpRequest, pk: int, act: Callable[[PledgeDisposal], Any], done: str) -> HttpResponse:
    disposal = _disposal(request, pk)
    perform(request, lambda: act(disposal), done)
    return redirect("finance:disposal", pk=disposal.pk)


@login_required
@require_POST
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda d: services.disposal_agree(actor=request.user, disposal=d, request=request),
                 _("You agreed to the disposal."))


@login_required
@require_POST
def ruling(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda d: services.disposal_ruling(
        actor=request.user, disposal=d, data=request.POST.dict(), upload=request.FILES.get("ruling_file"),
        request=request), _("The court's ruling is recorded."))


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    data = request.POST.dict()
    return _step(request, pk, lambda d: services.disposal_send(actor=request.user, disposal=d,
                                                               route=data.get("route", ""), data=data,
                                                               request=request), _("The patent is sent to sale."))


@login_required
@require_POST
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    return _step(request, pk, lambda d: services.statement_confirm(
        actor=request.user, disposal=d, commission=post.get("sale_commission") or 0,
        other_costs=post.get("sale_other_costs") or 0, note=post.get("sale_costs_note", ""), request=request),
        _("The settlement statement is confirmed."))


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    on = form_date(request.POST.get("on")) or timezone.localdate()
    return _step(request, pk, lambda d: services.disposal_release(actor=request.user, disposal=d, on=on,
                                                                  request=request), _("The pledge is released."))


@login_required
@require_POST
def repaid(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda d: services.repayment_show(actor=request.user, disposal=d,
                                                                note=request.POST.get("note", ""), request=request),
                 _("The repayment is recorded."))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda d: services.disposal_withdraw(actor=request.user, disposal=d, request=request),
                 _("The disposal is withdrawn."))


@login_required
def statement_download(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = _disposal(request, pk)
    if not disposal.statement:
        raise Http404(_("The statement is not confirmed yet."))
    response = HttpResponse(statement_pdf(disposal), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{disposal.number}.pdf"'
    return response


@login_required
def ruling_download(request: HttpRequest, pk: int) -> FileResponse:
    disposal = _disposal(request, pk)
    if not disposal.ruling_file:
        raise Http404(_("No ruling is recorded."))
    return FileResponse(disposal.ruling_file.open("rb"), as_attachment=True,
                        filename=disposal.ruling_file.name.rsplit("/", 1)[-1])


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.DISPOSALS_OVERVIEW):
        return refused(request)
    cases = selectors.disposals_visible(request.user)
    return render(request, "finance/overview.html", {"rows": selectors.overview(request.user),
                                                     "counts": selectors.status_counts(cases)})

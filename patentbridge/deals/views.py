"""Deal pages: list, open a deal from a patent or a technology contract without one, and the deal with its steps,
conflicts, recordation and technology-contract registration."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, ValidationFailed, readable
from patentbridge.core.validators import years_ahead
from patentbridge.core.views import form_date, perform, refused
from patentbridge.deals import committee as committee_gate
from patentbridge.deals import selectors, services
from patentbridge.deals.models import (
    SERVICE_KINDS,
    DealKind,
    DealStatus,
    PaymentMode,
    ResultsOwner,
)
from patentbridge.orgs.models import Organisation, Region
from patentbridge.orgs.names import normalize_name
from patentbridge.orgs.permissions import Action, Capability, can, is_allowed
from patentbridge.patents.selectors import patent_get
from patentbridge.recordation.selectors import recordation_of
from patentbridge.recordation.services import recordation_file
from patentbridge.recordation.views import contract_context


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "deals/list.html",
                  {"deals": selectors.deals_visible_to(request.user).order_by("-updated_at")[:200],
                   "may_propose": selectors.proposing_org(request.user) is not None})


@login_required
def deal_new(request: HttpRequest, number: str) -> HttpResponse:
    try:
        patent = patent_get(number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    owner = selectors.deal_owner(patent, request.user)
    is_owner_side = owner is not None and can(request.user, Capability.PROPOSE, owner.pk)
    own_org = owner if is_owner_side else selectors.proposing_org(request.user)
    if owner is None or own_org is None:
        return refused(request)
    error, errors = None, {}
    if request.method == "POST":
        post = request.POST
        try:
            counterparty = _organisation_named(post.get("counterparty", "")) if is_owner_side else own_org
            with transaction.atomic():
                deal = services.deal_create(actor=request.user, patent=patent, kind=post.get("kind", ""), owner=owner,
                                            counterparty=counterparty, data=_terms(post))
        except DomainError as exc:
            error, errors = _refusal(exc)
        else:
            return redirect("deals:detail", deal_id=deal.pk)
    return render(request, "deals/new.html", {"patent": patent, "owner": owner, "is_owner_side": is_owner_side,
                                              "kinds": _kinds(services.kinds_for(patent)), "error": error,
                                              "errors": errors,
                                              "own_org": own_org, "regions": Region.objects.all(),
                                              **_choices(), "post": request.POST})


@login_required
def contract_new(request: HttpRequest) -> HttpResponse:
    """A development, consulting or service contract, with or without a patent it concerns."""
    own_org = selectors.proposing_org(request.user)
    if own_org is None:
        return refused(request)
    error, errors = None, {}
    if request.method == "POST":
        post = request.POST
        try:
            other = _organisation_named(post.get("counterparty", ""))
            owner, counterparty = (own_org, other) if post.get("side") != "client" else (other, own_org)
            patent = _patent_or_none(post.get("patent", ""))
            with transaction.atomic():
                deal = services.deal_create(actor=request.user, patent=patent, kind=post.get("kind", ""),
                                            owner=owner, counterparty=counterparty, data=_terms(post))
        except DomainError as exc:
            error, errors = _refusal(exc)
        else:
            return redirect("deals:detail", deal_id=deal.pk)
    return render(request, "deals/contract_new.html", {"own_org": own_org, "kinds": _kinds(SERVICE_KINDS),
                                                       "error": error, "errors": errors, **_choices(),
                                                       "post": request.POST})


def _kinds(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(kind, DealKind(kind).label) for kind in kinds]


def _choices() -> dict[str, object]:
    return {"payment_modes": PaymentMode.choices, "results_owners": ResultsOwner.choices,
            "service_kinds": list(SERVICE_KINDS), "latest_date": years_ahead(settings.FORWARD_DATE_MAX_YEARS)}


def _organisation_named(name: str) -> Organisation:
    organisation = Organisation.objects.filter(name_normalized=normalize_name(name)).first()
    if organisation is None:
        raise ValidationFailed(details={"counterparty": _("No organisation with this name.")})
    return organisation


def _patent_or_none(number: str):  # noqa: ANN202 - a Patent or None
    if not number.strip():
        return None
    try:
        return patent_get(number.strip())
    except NotFound as exc:
        raise ValidationFailed(details={"patent": _("No patent with this number.")}) from exc


def _terms(post) -> dict[str, object]:  # noqa: ANN001 - a QueryDict
    """The deal's terms as typed into either form."""
    try:
        amount = Decimal((post.get("amount") or "0").strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationFailed(details={"amount": _("The amount is not a number.")}) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed(details={"amount": _("The amount must be 0 or more.")})
    return {"territory": post.get("territory") or "中国", "amount": amount,
            "starts_on": _date(post, "starts_on"), "ends_on": _date(post, "ends_on"),
            "payment_mode": post.get("payment_mode") or PaymentMode.FIXED, "subject": post.get("subject", ""),
            "deliverables": post.get("deliverables", ""), "results_owner": post.get("results_owner", ""),
            "results_terms": post.get("results_terms", ""), "terms": post.get("terms", ""),
            "pledgee_consent": post.get("pledgee_consent") == "on"}


def _date(post, name: str):  # noqa: ANN001, ANN202 - a QueryDict; a date or None
    try:
        return form_date(post.get(name, ""))
    except ValidationFailed as exc:
        raise ValidationFailed(details={name: exc.details["date"]}) from exc


# The fields the deal forms show an error beside (deals/_terms.html, new.html, contract_new.html).
BY_FIELD = {"kind", "counterparty", "patent", "starts_on", "ends_on", "period", "amount", "payment_mode", "subject",
            "deliverables"}


def _refusal(exc: DomainError) -> tuple[str, dict[str, object]]:
    """The page's summary of a refusal (what no field shows) and the errors shown by their fields."""
    details = exc.details if isinstance(exc.details, dict) else {}
    shown = {k: v for k, v in details.items() if k in BY_FIELD}
    rest = {k: v for k, v in details.items() if k not in BY_FIELD}
    if shown and not rest and exc.message == exc.default_message:
        return _("Some fields are not valid; each is marked by its field."), shown
    return readable(exc if not shown else DomainError(exc.message, details=rest)), shown


def _deal(request: HttpRequest, deal_id: int):
    try:
        return selectors.deal_get(request.user, deal_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = _deal(request, deal_id)
    recordation = recordation_of(deal.grant_id)
    contract = contract_context(request, deal.contract) if deal.contract_id else {}
    return render(request, "deals/detail.html", {
        **contract,
        "deal": deal, "steps": [(s, DealStatus(s).label) for s in services.user_steps(request.user, deal)],
        "pending": [(DealStatus(step).label, names) for step, names in services.pending(deal).items()],
        "confirmations": deal.consents.select_related("organisation", "user").order_by("at"),
        "transitions": [(t, DealStatus(t.from_status).label, DealStatus(t.to_status).label)
                        for t in deal.transitions.select_related("actor")],
        "recordation": recordation,
        "can_file": recordation is not None and is_allowed(request.user, Action.RECORDATION_FILE, recordation),
        **_committee(request, deal),
    })


def _committee(request: HttpRequest, deal) -> dict[str, object]:  # noqa: ANN001 - a Deal
    gates = committee_gate.gates(deal)
    return {"committee_gates": gates, "committee_waiting": any(not gate.approved for gate in gates),
            "committee_referable": committee_gate.referable(request.user, deal)}


@login_required
@require_POST
def deal_refer(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Put the deal before the expert committee of the user's institution."""
    deal = _deal(request, deal_id)
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or None).first()
    if organisation is None:
        raise Http404()
    perform(request, lambda: committee_gate.deal_refer(actor=request.user, deal=deal, organisation=organisation,
                                                       request=request),
            _("The deal is before the expert committee; it can be signed once the committee approves."))
    return redirect("deals:detail", deal_id=deal.pk)


@login_required
@require_POST
def deal_move(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = _deal(request, deal_id)
    to = request.POST.get("to", "")
    try:
        with transaction.atomic():
            moved = services.deal_transition(actor=request.user, deal=deal, to=to,
                                             comment=request.POST.get("comment", ""))
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        if moved.status == to:
            messages.success(request, _("Done: the deal is now “%(status)s”.") % {"status": moved.get_status_display()})
        else:
            messages.info(request, _("Your confirmation is recorded; the step happens when the other party "
                                     "confirms too."))
    return redirect("deals:detail", deal_id=deal.pk)


@login_required
@require_POST
def deal_record(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = _deal(request, deal_id)
    recordation = recordation_of(deal.grant_id)
    if recordation is None:
        return refused(request)
    try:
        with transaction.atomic():
            filed = recordation_file(actor=request.user, recordation=recordation, request=request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        if filed.refusals:
            messages.error(request, _("Recordation refused: see the reasons below."))
        else:
            messages.success(request, _("Recorded."))
    return redirect("deals:detail", deal_id=deal.pk)

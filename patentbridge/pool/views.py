"""Pool pages: the public pool and lists, the institution's inventory workflow, fees, and the dashboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, ValidationFailed, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.orgs.models import Organisation, Role
from patentbridge.orgs.permissions import (
    Action,
    authorize,
    enterprise_of,
    is_allowed,
    is_platform_admin,
    reads_everything,
    roles_of,
)
from patentbridge.patents.models import City, Patent
from patentbridge.patents.selectors import patent_get
from patentbridge.pool import config, exports, selectors, services
from patentbridge.pool import maintenance_services as maintenance
from patentbridge.pool.forms import (
    FeePaidForm,
    FeePaymentCancelForm,
    FeePaymentForm,
    FeeReductionForm,
    FundedProjectForm,
    ImplementationReportForm,
    StandardDeclarationForm,
)
from patentbridge.pool.models import (
    ConfigKind,
    ConfigVersion,
    FeeReduction,
    ImplementationMode,
    PoolEntry,
    PoolState,
    Rating,
    Tier,
)
from patentbridge.pool.tasks import queue_reassessment

PAGE_SIZE = 25
LISTS = {
    "pool": (selectors.pool_patents, gettext_lazy("Convertible-patent pool")),
    "open_licences": (selectors.open_licence_list, gettext_lazy("Open-licence patents")),
    "standards": (selectors.standard_essential_list, gettext_lazy("Standard-essential patents")),
    "public_domain": (selectors.public_domain_list,
                      gettext_lazy("Public-domain technology (expired or lapsed patents)")),
}


def public_list(request: HttpRequest, kind: str = "pool") -> HttpResponse:
    select, title = LISTS[kind]
    params = {k: v for k, v in request.GET.items() if v and k != "page"}
    error = None
    try:
        queryset = select(params)
    except ValidationFailed as exc:
        queryset, error = Patent.objects.none(), readable(exc)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pool/list.html", {
        "kind": kind, "title": LISTS[kind][1], "page": page, "params": params, "error": error,
        "tiers": Tier.choices, "cities": City.objects.all(), "query": query.urlencode(), "lists": LISTS,
    })


def _office_orgs(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=selectors.office_org_ids(request.user)).order_by("pk")


@login_required
def inventory(request: HttpRequest) -> HttpResponse:
    entries = selectors.entries_visible_to(request.user)
    offices = _office_orgs(request)
    is_inventor = any(role == Role.INVENTOR for _, role in roles_of(request.user))
    if not offices.exists() and not is_inventor and not is_platform_admin(request.user):
        return refused(request)
    state = request.GET.get("state", "")
    tier = request.GET.get("tier", "")
    if state in PoolState.values:
        entries = entries.filter(state=state)
    if tier in Tier.values:
        entries = entries.filter(patent__in=Patent.objects.filter(selectors.effective_tier_q(tier)))
    order = "-patent__assessment__score" if request.GET.get("sort") != "fee" else "patent__application_date"
    page = Paginator(entries.order_by(order, "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pool/inventory.html", {
        "page": page, "states": PoolState.choices, "tiers": Tier.choices, "state": state, "tier": tier,
        "progress": selectors.progress_for(offices), "is_office": offices.exists(), "query": query.urlencode(),
    })


@login_required
def inventory_export(request: HttpRequest) -> HttpResponse:
    offices = _office_orgs(request)
    if not offices.exists():
        return refused(request)
    entries = selectors.entries_visible_to(request.user).filter(organisation__in=offices).order_by("pk")
    return exports.xlsx_response(exports.inventory_sheet(entries, timezone.localdate()), "inventory")


def _entry_or_404(request: HttpRequest, entry_id: int):
    try:
        return selectors.entry_get(request.user, entry_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _entry_page(request, _entry_or_404(request, entry_id))


def _upkeep_forms(funded: Any, refused_form: forms.Form | None) -> dict[str, forms.Form]:
    """The entry page's upkeep forms, the one just refused bound to what was typed."""
    upkeep = {"fee_payment": FeePaymentForm(), "implementation": ImplementationReportForm(),
              "funded_project": FundedProjectForm(initial={
                  "project_name": getattr(funded, "project_name", ""), "funder": getattr(funded, "funder", ""),
                  "project_number": getattr(funded, "project_number", ""), "end_date": getattr(funded, "end_date", None)})}
    for key, form in upkeep.items():
        if refused_form is not None and type(refused_form) is type(form):
            upkeep[key] = refused_form
    return upkeep


def _entry_page(request: HttpRequest, entry: PoolEntry, refused_form: forms.Form | None = None,
                self_assessment: dict[str, Any] | None = None) -> HttpResponse:
    try:
        assessment = selectors.assessment_for(entry.patent)
    except NotFound:
        assessment = None
    is_office = services.is_office(request.user, entry)
    keeping = selectors.entry_keeping(entry)
    funded = selectors.funded_project_of(entry.patent)
    return render(request, "pool/entry.html", {
        "entry": entry, "patent": entry.patent, "assessment": assessment, "is_office": is_office,
        "is_inventor": services.is_inventor(request.user, entry),
        "allowed": services.allowed_targets(entry.state), "states": dict(PoolState.choices),
        "inventors": selectors.inventors_of(entry.organisation_id) if is_office else [],
        "tier_history": selectors.tier_history(entry.patent)[:20], "transitions": entry.transitions.all(),
        "ratings": Rating.choices, "tiers": Tier.choices, "modes": ImplementationMode.choices,
        "recommendation": selectors.recommendation_for(entry.patent, timezone.localdate()),
        "can_maintain": is_allowed(request.user, Action.POOL_MAINTAIN, keeping),
        "can_read_records": is_allowed(request.user, Action.POOL_RECORDS_VIEW, keeping),
        "reductions": FeeReduction.choices, "payments": selectors.fee_payments_of(entry.patent),
        "funded": funded, "upkeep": _upkeep_forms(funded, refused_form),
        "standards": selectors.standard_declarations_of(entry.patent), "trl_levels": range(1, 10),
        "self_assessment": self_assessment or {"typed": {}, "errors": {}},
    })


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _act(request: HttpRequest, entry, action: str) -> str:
    """Run one workflow action from the entry page; returns the success message."""
    post, user = request.POST, request.user
    if action == "request":
        inventor = selectors.inventors_of(entry.organisation_id).filter(pk=_int(post.get("inventor"))).first()
        if inventor is None:
            raise ValidationFailed(details={"inventor": _("Choose an inventor of the institution.")})
        services.self_assessment_request(actor=user, entry=entry, inventor=inventor, note=post.get("comment", ""))
        return _("The self-assessment form was sent to the inventor.")
    if action == "self_assess":
        services.self_assessment_submit(actor=user, entry=entry, market_prospects=_int(post.get("market_prospects")),
                                        maturity=_int(post.get("maturity")), willingness=_int(post.get("willingness")),
                                        comment=post.get("comment", ""))
        return _("Thank you: your self-assessment was sent to the tech-transfer office.")
    if action == "review":
        services.office_review(actor=user, entry=entry, comment=post.get("comment", "").strip() or _("Reviewed"),
                               trl=_int(post.get("trl")), market_notes=post.get("market_notes"))
        return _("Review recorded.")
    if action == "move":
        services.entry_move(actor=user, entry=entry, to=post.get("to", ""), comment=post.get("comment", ""))
        return _("Done.")
    if action == "override":
        services.tier_override(actor=user, entry=entry, tier=post.get("tier", ""), comment=post.get("comment", ""))
        return _("Tier updated.")
    raise ValidationFailed(details={"action": "unknown action"})


@login_required
@require_POST
def entry_action(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    try:
        with transaction.atomic():
            message = _act(request, entry, request.POST.get("action", ""))
    except DomainError as exc:
        if request.POST.get("action") == "self_assess" and isinstance(exc.details, dict):
            # the inventor's form is shown again with their answers and each missing one marked
            return _entry_page(request, entry, self_assessment={"typed": request.POST, "errors": exc.details})
        details = "; ".join(f"{v}" for v in exc.details.values()) if isinstance(exc.details, dict) else ""
        messages.error(request, f"{exc.message} {details}".strip())
    else:
        messages.success(request, message)
    return redirect("pool:entry", entry_id=entry.pk)


@login_required
def fees(request: HttpRequest) -> HttpResponse:
    offices = _office_orgs(request)
    if not offices.exists():
        return refused(request)
    months = min(max(_int(request.GET.get("months")) or 12, 1), 36)
    today = timezone.localdate()
    lines = [line for org in offices for line in selectors.maintenance_for(org, today, months=months)]
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(exports.fee_sheet(lines), "annual-fees")
    total = sum((line.fee.payable for line in lines if not line.paid), Decimal("0"))
    return render(request, "pool/fees.html", {"lines": lines, "months": months, "total": total, "today": today})


@login_required
@require_POST
def fee_paid(request: HttpRequest) -> HttpResponse:
    """The fee calendar's "mark paid"."""
    try:
        patent = patent_get(request.POST.get("number", ""))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _maintain(request, selectors.patent_keeping(patent), FeePaidForm, redirect("pool:fees"),
                     lambda data: maintenance.fee_payment_record(
                         actor=request.user, patent=patent, year=data["year"], amount=data["amount"],
                         surcharge=data["surcharge"], paid_on=data["paid_on"]),
                     _("Payment recorded."))


# ---------------------------------------------------------------- a patent's upkeep records, from its entry page

def _maintain(request: HttpRequest, keeping: selectors.Keeping, form_class: type[forms.Form],
              back: HttpResponse, write: Callable[[dict[str, Any]], object], success: str,
              again: Callable[[forms.Form], HttpResponse] | None = None) -> HttpResponse:
    """Authorise, parse the form, run one service in a transaction, say how it went and go back; a refused form
    that `again` can show is shown again with what was typed and each error by its field."""
    try:
        authorize(request.user, Action.POOL_MAINTAIN, keeping, request=request)
    except DomainError:
        return refused(request)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(details={name: " ".join(error["message"] for error in errors)
                                            for name, errors in form.errors.get_json_data().items()})
        with transaction.atomic():
            write(form.cleaned_data)
    except DomainError as exc:
        if again is None:
            messages.error(request, readable(exc))
            return back
        if form.is_valid():  # the service refused what the form accepted
            add_domain_error(form, exc)
        return again(form)
    messages.success(request, success)
    return back


def _again(request: HttpRequest, entry: PoolEntry) -> Callable[[forms.Form], HttpResponse]:
    return lambda form: _entry_page(request, entry, form)


@login_required
@require_POST
def fee_reduction(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    return _maintain(request, selectors.entry_keeping(entry), FeeReductionForm, _back(entry),
                     lambda data: maintenance.fee_reduction_set(actor=request.user, entry=entry,
                                                                reduction=data["reduction"]),
                     _("Fee reduction saved."))


@login_required
@require_POST
def fee_payment_add(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    return _maintain(request, selectors.entry_keeping(entry), FeePaymentForm, _back(entry),
                     lambda data: maintenance.fee_payment_record(
                         actor=request.user, patent=entry.patent, year=data["year"], amount=data["amount"],
                         surcharge=data["surcharge"], paid_on=data["paid_on"]),
                     _("Payment recorded."), again=_again(request, entry))


@login_required
@require_POST
def fee_payment_cancel(request: HttpRequest, entry_id: int, payment_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    payment = _or_404(selectors.fee_payment_get, entry.patent, payment_id)
    return _maintain(request, selectors.entry_keeping(entry), FeePaymentCancelForm, _back(entry),
                     lambda data: maintenance.fee_payment_cancel(actor=request.user, payment=payment,
                                                                 reason=data["reason"]),
                     _("Payment cancelled; it stays in the history."))


@login_required
@require_POST
def funded_project(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    return _maintain(request, selectors.entry_keeping(entry), FundedProjectForm, _back(entry),
                     lambda data: maintenance.funded_project_declare(actor=request.user, patent=entry.patent, **data),
                     _("Funded project saved."), again=_again(request, entry))


@login_required
@require_POST
def implementation_report(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)

    def write(data: dict[str, Any]) -> object:
        project = selectors.funded_project_get(entry.patent)
        return maintenance.implementation_report_record(actor=request.user, project=project, **data)

    return _maintain(request, selectors.entry_keeping(entry), ImplementationReportForm, _back(entry), write,
                     _("Implementation report saved."),
                     # the report form shows only under a declared project; without one the refusal is a message
                     again=_again(request, entry) if selectors.funded_project_of(entry.patent) else None)


@login_required
@require_POST
def standard_add(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    return _maintain(request, selectors.entry_keeping(entry), StandardDeclarationForm, _back(entry),
                     lambda data: maintenance.standard_declare(actor=request.user, patent=entry.patent, **data),
                     _("Standard declaration saved."))


@login_required
@require_POST
def standard_remove(request: HttpRequest, entry_id: int, standard_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    declaration = _or_404(selectors.standard_declaration_get, entry.patent, standard_id)
    return _maintain(request, selectors.entry_keeping(entry), forms.Form, _back(entry),
                     lambda data: maintenance.standard_declaration_remove(actor=request.user,
                                                                          declaration=declaration),
                     _("Standard declaration removed."))


def _back(entry: PoolEntry) -> HttpResponse:
    return redirect("pool:entry", entry_id=entry.pk)


def _or_404(select: Callable[..., Any], *args: Any) -> Any:
    try:
        return select(*args)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    regulator = reads_everything(request.user)
    offices = _office_orgs(request)
    if not regulator and not offices.exists():
        return refused(request)
    organisations = selectors.institutions_with_entries() if regulator else offices
    today = timezone.localdate()
    unused = selectors.unused_funded_projects_visible_to(request.user, today)
    return render(request, "pool/dashboard.html", {
        "progress": selectors.progress_for(organisations[:200]), "unused": unused[:200], "can_reassess": is_platform_admin(request.user),
    })


@login_required
@require_POST
def feedback(request: HttpRequest, number: str) -> HttpResponse:
    try:
        patent = patent_get(number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    organisation = enterprise_of(request.user)
    if organisation is None:
        return refused(request)
    try:
        with transaction.atomic():
            services.feedback_give(actor=request.user, organisation=organisation, patent=patent,
                                   prospects=_int(request.POST.get("prospects")),
                                   willingness=_int(request.POST.get("willingness")),
                                   improvement_needs=request.POST.get("improvement_needs", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your market feedback was sent to the patent's institution."))
    return redirect("patents:detail", number=patent.lookup_number)


@login_required
@require_POST
def reassess(request: HttpRequest) -> HttpResponse:
    if not is_platform_admin(request.user):
        return refused(request)
    queue_reassessment()
    messages.success(request, _("Re-assessment of the register was queued."))
    return redirect("pool:dashboard")


@login_required
def configuration(request: HttpRequest) -> HttpResponse:
    """Platform admins edit the assessment weights and the fee schedule as new versions, or roll back."""
    if not is_platform_admin(request.user):
        return refused(request)
    errors: dict[str, object] = {}
    drafts: dict[str, str] = {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            with transaction.atomic():
                if request.POST.get("activate"):
                    config.config_activate(actor=request.user, kind=kind, version=_int(request.POST["activate"]) or 0)
                else:
                    drafts[kind] = request.POST.get("data", "")
                    try:
                        data = json.loads(drafts[kind])
                    except json.JSONDecodeError as exc:
                        raise ValidationFailed(details={"data": f"JSON: {exc}"}) from exc
                    config.config_publish(actor=request.user, kind=kind, data=data, note=request.POST.get("note", ""))
                if kind == ConfigKind.ASSESSMENT:
                    transaction.on_commit(queue_reassessment)
        except DomainError as exc:
            errors[kind] = readable(exc)
        else:
            messages.success(request, _("Configuration saved; the register is re-assessed in the background."))
            return redirect("pool:config")
    kinds = []
    for kind, label in ConfigKind.choices:
        active = config.active_version(kind)
        kinds.append({"kind": kind, "label": label, "active": active, "error": errors.get(kind),
                      "draft": drafts.get(kind) or json.dumps(active.data, ensure_ascii=False, indent=2),
                      "versions": ConfigVersion.objects.filter(kind=kind).select_related("created_by")[:20]})
    return render(request, "pool/config.html", {"kinds": kinds})

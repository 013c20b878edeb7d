"""Product-filing pages: the public list, the filer's products, filing and changing one, its page (patents with
their checks, yearly data, history, prompts), the clerk's queue and decisions, and the Excel import."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, PermissionDenied, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.spreadsheets import XLSX_CONTENT_TYPE
from patentbridge.core.views import refused
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed, product_filer_org_ids
from patentbridge.patents.importing.readers import UnreadableFile
from patentbridge.patents.models import Industry
from patentbridge.products import importing, selectors, services
from patentbridge.products.forms import DecisionForm, ImportForm, ProductForm, ReasonForm, YearDataForm
from patentbridge.products.models import Product, ProductStatus


def _product(request: HttpRequest, product_id: int) -> Product:
    try:
        return selectors.product_get(request.user, product_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _filers(request: HttpRequest) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=product_filer_org_ids(request.user)).order_by("pk"))


def _filer(request: HttpRequest) -> Organisation | None:
    """The organisation the user files for: the one they pick, else their first."""
    filers = _filers(request)
    picked = request.POST.get("filer") or request.GET.get("filer")
    return next((o for o in filers if str(o.pk) == picked), filers[0] if filers else None)


def _industries() -> Any:
    return Industry.objects.filter(level="小类").only("code", "name")


def public_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(selectors.public_filed(query), 50).get_page(request.GET.get("page"))
    return render(request, "products/public_list.html", {"page": page, "q": query,
                                                         "query": f"q={query}" if query else ""})


@login_required
def own_list(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.PRODUCTS_OWN_VIEW):
        return refused(request)
    today = timezone.localdate()
    products = [(p, selectors.update_state(p, today)) for p in selectors.own_products(request.user)[:500]]
    return render(request, "products/own_list.html", {"products": products, "today": today})


def _form_page(request: HttpRequest, form: ProductForm, product: Product | None = None,
               status: int = 200) -> HttpResponse:
    return render(request, "products/form.html", {"form": form, "product": product, "filers": _filers(request),
                                                  "filer": _filer(request), "industries": _industries()},
                  status=status)


def _save(request: HttpRequest, form: ProductForm, write: Callable[[dict[str, Any]], Product],
          product: Product | None = None) -> HttpResponse:
    if not form.is_valid():
        return _form_page(request, form, product, status=400)
    try:
        with transaction.atomic():
            saved = write({"data": form.product_data(), "patents": form.cleaned_data["patents"],
                           "year_data": form.year_data(), "request": request})
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        add_domain_error(form, exc, fields={"data_year": "year"})
        return _form_page(request, form, product, status=400)
    messages.success(request, _("The product is submitted; the filing clerk will review it."))
    return redirect("products:detail", product_id=saved.pk)


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    filer = _filer(request)
    if filer is None or not is_allowed(request.user, Action.PRODUCT_FILE, filer):
        return refused(request)
    if request.method != "POST":
        return _form_page(request, ProductForm(initial={"year": timezone.localdate().year - 1}))
    return _save(request, ProductForm(request.POST),
                 lambda kw: services.product_file(actor=request.user, filer=filer, **kw))


@login_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id)
    if not is_allowed(request.user, Action.PRODUCT_CHANGE, product):
        return refused(request)
    if request.method != "POST":
        return _form_page(request, ProductForm(initial=_initial(product)), product)
    return _save(request, ProductForm(request.POST),
                 lambda kw: services.product_resubmit(actor=request.user, product=product, **kw), product)


def _initial(product: Product) -> dict[str, Any]:
    row = product.years.order_by("-year").first()
    figures = {name: getattr(row, name) for name in services.AMOUNT_FIELDS} if row else {}
    return {"name": product.name, "model": product.model, "category": product.category,
            "industry": f"{product.industry.code} {product.industry.name}", "description": product.description,
            "launched_on": product.launched_on,
            "patents": "; ".join(link.patent.lookup_number for link in product.patent_links.all()),
            "year": row.year if row else None, **figures}


FIGURE_LABELS = {"sales": _l("Sales (yuan)"), "output": _l("Output value (yuan)"), "exports": _l("Exports (yuan)"),
                 "profit": _l("Profit (yuan)"), "ip_input": _l("IP input (yuan)"),
                 "patent_share": _l("Share attributable to the patents (%)")}


def _figure(value: Decimal) -> str:
    """A figure grouped by thousands, without decimals when it has none."""
    text = f"{value:,.2f}"
    return text.removesuffix(".00")


def figure_rows(years: list[Any]) -> list[tuple[Any, list[str]]]:
    """The yearly data as one row per figure and one column per year (reads on a phone as on a desk)."""
    return [(label, [_figure(getattr(row, name)) for row in years]) for name, label in FIGURE_LABELS.items()]


def _detail_context(request: HttpRequest, product: Product, **extra: Any) -> dict[str, Any]:
    user, today = request.user, timezone.localdate()
    may_change = is_allowed(user, Action.PRODUCT_CHANGE, product)
    may_review = is_allowed(user, Action.PRODUCT_REVIEW, product)
    state = selectors.update_state(product, today)
    filed = product.status == ProductStatus.FILED
    years = sorted(product.years.all(), key=lambda r: -r.year)
    return {"product": product, "checks": selectors.product_checks(product, today),
            "links": list(product.patent_links.all()), "years": years, "figure_rows": figure_rows(years),
            "history": selectors.product_history(product), "state": state, "today": today,
            "update_missed": filed and state.missed(today), "update_open": filed and state.open_now(today),
            "may_change": may_change, "may_review": may_review,
            "can_edit": may_change and product.status == ProductStatus.RETURNED,
            "can_report": may_change and filed, "can_revoke": may_change and filed and not product.revoke_requested_at,
            "can_decide": may_review and product.status == ProductStatus.SUBMITTED,
            "can_confirm_revoke": may_review and filed and product.revoke_requested_at is not None,
            "year_form": extra.pop("year_form", None) or YearDataForm(initial={"year": today.year - 1}),
            "decision_form": extra.pop("decision_form", None) or DecisionForm(),
            "revoke_form": ReasonForm(), **extra}


@login_required
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id)
    return render(request, "products/detail.html", _detail_context(request, product))


def _act(request: HttpRequest, product_id: int, write: Callable[[Product], Any], done: str) -> HttpResponse:
    """A POST that calls one service on the product, then back to its page with what happened."""
    product = _product(request, product_id)
    try:
        with transaction.atomic():
            write(product)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, done)
    return redirect("products:detail", product_id=product_id)


@login_required
@require_POST
def product_decide(request: HttpRequest, product_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        product = _product(request, product_id)
        return render(request, "products/detail.html", _detail_context(request, product, decision_form=form),
                      status=400)
    return _act(request, product_id, lambda p: services.product_review(
        actor=request.user, product=p, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
        request=request), _("Decision recorded; the filer is notified."))


@login_required
@require_POST
def year_new(request: HttpRequest, product_id: int) -> HttpResponse:
    form = YearDataForm(request.POST)
    product = _product(request, product_id)
    if form.is_valid():
        try:
            with transaction.atomic():
                row = services.year_report(actor=request.user, product=product, year=form.cleaned_data["year"],
                                           data=form.year_data(), request=request)
        except PermissionDenied:
            return refused(request)
        except DomainError as exc:
            add_domain_error(form, exc, fields={"data_year": "year"})
        else:
            messages.success(request, _year_message(row))
            return redirect("products:detail", product_id=product_id)
    return render(request, "products/detail.html", _detail_context(request, product, year_form=form), status=400)


def _year_message(row: Any) -> str:
    if not row.on_time:
        return _("The data for %(year)s are kept, but came after the update deadline: the product sits out "
                 "%(next)s's recognition.") % {"year": row.year, "next": row.year + 1}
    if row.needs_review:
        return _("The data for %(year)s are kept and flagged for the clerk's review: %(reason)s") % {
            "year": row.year, "reason": row.review_reason}
    return _("The data for %(year)s are reported on time.") % {"year": row.year}


@login_required
@require_POST
def year_confirm(request: HttpRequest, product_id: int, year: int) -> HttpResponse:
    def write(product: Product) -> Any:
        row = product.years.filter(year=year).first()
        if row is None:
            raise NotFound(_("No data for that year."))
        return services.year_confirm(actor=request.user, row=row, note=request.POST.get("note", ""), request=request)

    return _act(request, product_id, write, _("The flagged figures are confirmed."))


@login_required
@require_POST
def revoke_request(request: HttpRequest, product_id: int) -> HttpResponse:
    return _act(request, product_id, lambda p: services.revoke_request(
        actor=request.user, product=p, reason=request.POST.get("reason", ""), request=request),
        _("Your application to revoke is sent to the filing clerk."))


@login_required
@require_POST
def revoke_confirm(request: HttpRequest, product_id: int) -> HttpResponse:
    return _act(request, product_id, lambda p: services.revoke_confirm(
        actor=request.user, product=p, note=request.POST.get("note", ""), request=request),
        _("The product is revoked."))


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.PRODUCT_REVIEW):
        return refused(request)
    today = timezone.localdate()
    items = [(p, selectors.product_checks(p, today)) for p in selectors.review_queue()[:200]]
    return render(request, "products/review.html", {"items": items})


@login_required
def product_import(request: HttpRequest) -> HttpResponse:
    filer = _filer(request)
    if filer is None or not is_allowed(request.user, Action.PRODUCT_FILE, filer):
        return refused(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "filer": filer, "filers": _filers(request)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = importing.import_products(actor=request.user, filer=filer, upload=upload,
                                                          name=upload.name, request=request)
        except PermissionDenied:
            return refused(request)
        except (UnreadableFile, DomainError) as exc:
            form.add_error("file", readable(exc) if isinstance(exc, DomainError) else str(exc))
    return render(request, "products/import.html", context, status=400 if form.errors else 200)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="product-filing-template.xlsx"'
    return response

"""Organisation pages: directory, profile with members (apps above add their panels, e.g. its patents), editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patentbridge.core.errors import DomainError, readable
from patentbridge.core.selectors import audit_entries
from patentbridge.core.views import refused
from patentbridge.orgs import selectors, services
from patentbridge.orgs.forms import OrganisationForm
from patentbridge.orgs.models import City, IdentityChange, IdentityChangeStatus, OrgKind
from patentbridge.orgs.permissions import Action, authorize, is_allowed


def _get(organisation_id: int):
    organisation = selectors.organisation_get(organisation_id)
    if organisation is None:
        raise Http404("no such organisation")
    return organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "") if request.GET.get("kind") in OrgKind.values else ""
    city = request.GET.get("city", "")[:6]
    q = request.GET.get("q", "")[:200]
    page = Paginator(selectors.organisation_list(kind=kind, city=city, q=q), 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "orgs/list.html", {
        "page": page, "kinds": OrgKind.choices, "cities": City.objects.all(), "kind": kind, "city": city, "q": q,
        "query": params.urlencode(), "can_review": is_allowed(request.user, Action.ORG_IDENTITY_REVIEW),
    })


def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _get(organisation_id)
    can_view_members = is_allowed(request.user, Action.ORG_VIEW_MEMBERS, organisation)
    return render(request, "orgs/detail.html", {
        "organisation": organisation,
        "members": selectors.members_of(organisation) if can_view_members else None,
        "can_edit": is_allowed(request.user, Action.ORG_CHANGE, organisation),
        "audit": audit_entries(organisation) if is_allowed(request.user, Action.AUDIT_VIEW, organisation) else None,
    })


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _get(organisation_id)
    try:
        authorize(request.user, Action.ORG_CHANGE, organisation, request=request)
    except DomainError:
        return refused(request)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as exc:
            for field, message in (exc.details or {}).items():
                form.add_error(field if field in form.fields else None, str(message))
        else:
            if organisation.identity_changes.filter(status=IdentityChangeStatus.PENDING).exists():
                messages.info(request, _("Saved. The change of name, type or credit code takes effect when a "
                                         "platform administrator approves it."))
            else:
                messages.success(request, _("Saved."))
            return redirect("orgs:detail", organisation_id=organisation.pk)
    return render(request, "orgs/edit.html", {
        "organisation": organisation, "form": form,
        "pending": organisation.identity_changes.filter(status=IdentityChangeStatus.PENDING).first()})


@login_required
def identity_changes(request: HttpRequest) -> HttpResponse:
    """Platform administrators review requested changes of organisations' names, types and credit codes."""
    if not is_allowed(request.user, Action.ORG_IDENTITY_REVIEW):
        return refused(request)
    if request.method == "POST":
        change = IdentityChange.objects.filter(pk=request.POST.get("change")).first()
        if change is None:
            raise Http404()
        try:
            with transaction.atomic():
                services.identity_change_review(actor=request.user, change=change,
                                                approve=request.POST.get("decision") == "approve",
                                                note=request.POST.get("note", ""), request=request)
        except DomainError as exc:
            messages.error(request, readable(exc))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("orgs:identity_changes")
    rows = [(c, [(IDENTITY_LABELS.get(f, f), _shown(f, c.previous.get(f)), _shown(f, v)) for f, v in c.changes.items()])
            for c in selectors.identity_changes_pending()]
    return render(request, "orgs/identity_changes.html", {"rows": rows})


IDENTITY_LABELS = {"name": gettext_lazy("Name"), "name_en": gettext_lazy("English name"),
                   "kind": gettext_lazy("Type"), "uscc": gettext_lazy("Unified social credit code")}


def _shown(field: str, value: str | None) -> str:
    if field == "kind" and value in OrgKind.values:
        return str(OrgKind(value).label)
    return value or "—"

"""Technology managers' pages: the office's managers (with the panels other apps add), one manager's profile, the
forms for a profile, a grade and a training record, the training import, the public directory and the regulator's
overview."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, PermissionDenied, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.spreadsheets import XLSX_CONTENT_TYPE
from patentbridge.core.views import perform, refused
from patentbridge.managers import forms, importing, selectors, services
from patentbridge.managers.models import ManagerProfile, Rank
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed, manager_office_org_ids
from patentbridge.patents.importing.readers import UnreadableFile


def _office_orgs(request: HttpRequest) -> Any:
    return Organisation.objects.filter(pk__in=manager_office_org_ids(request.user)).order_by("pk")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Each role's page: the office's managers, the regulator's overview, else the public directory."""
    if _office_orgs(request).exists():
        return redirect("managers:office")
    if is_allowed(request.user, Action.MANAGERS_OVERVIEW):
        return redirect("managers:overview")
    return redirect("managers:directory")


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 1985 <= int(raw) <= this_year else this_year


@login_required
def office(request: HttpRequest) -> HttpResponse:
    """An organisation's managers: grade, training hours of the year and in all, expertise, who is below the target."""
    raw = request.GET.get("org", "")
    organisation = (Organisation.objects.filter(pk=raw).first() if raw.isdigit()
                    else _office_orgs(request).first())
    if organisation is None or not is_allowed(request.user, Action.MANAGERS_OFFICE_VIEW, organisation):
        return refused(request)
    year = _year(request)
    rows = selectors.office_rows(organisation, year)
    target = selectors.training_target()
    labels = selectors.expertise_of([r.profile for r in rows])
    return render(request, "managers/office.html", {
        "organisation": organisation, "rows": rows, "year": year, "target": target,
        "below": [r for r in rows if r.below_target], "offices": _office_orgs(request),
        "expertise": {r.user.pk: labels.get(getattr(r.profile, "pk", None), []) for r in rows},
        "may_import": is_allowed(request.user, Action.MANAGERS_TRAINING_IMPORT, organisation),
        "may_rank": {r.user.pk for r in rows if is_allowed(
            request.user, Action.MANAGER_RANK_SET, r.profile or ManagerProfile(user=r.user, organisation=organisation))}})


def _profile(request: HttpRequest, user_pk: int) -> ManagerProfile:
    try:
        return selectors.profile_get(request.user, user_pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def profile(request: HttpRequest, user_pk: int) -> HttpResponse:
    """A manager's profile: the public part for anyone signed in, training and grade history for those who may."""
    found = _profile(request, user_pk)
    user = request.user
    whole = is_allowed(user, Action.MANAGER_VIEW, found)
    return render(request, "managers/profile.html", {
        "profile": found, "person": found.user, "whole": whole,
        "expertise": selectors.expertise_labels(found),
        "training": selectors.training_of(found)[:500] if whole else [],
        "history": selectors.rank_history(found) if whole else [],
        "may_edit": is_allowed(user, Action.MANAGER_EDIT, found),
        "may_rank": is_allowed(user, Action.MANAGER_RANK_SET, found),
        "may_train": is_allowed(user, Action.MANAGER_TRAINING_ADD, found),
        "year": timezone.localdate().year})


def _list_text(items: list[str]) -> str:
    return "、".join(items)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The manager's own bio, fields, languages and visibility."""
    own = selectors.profile_or_new(request.user)
    if own is None or not is_allowed(request.user, Action.MANAGER_EDIT, own):
        return refused(request)
    initial = {"bio": own.bio, "public": own.public, "ipc_codes": _list_text(own.ipc_codes),
               "tags": _list_text(own.tags), "languages": _list_text(own.languages),
               "industries": _list_text([i.code for i in own.industries.all()]) if own.pk else ""}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = perform(request, lambda: services.profile_update(actor=request.user, data=form.cleaned_data,
                                                                request=request),
                       _("Profile saved."), refused=lambda exc: add_domain_error(form, exc))
        if done is not None:
            return redirect("managers:profile", user_pk=request.user.pk)
    return render(request, "managers/profile_form.html", {
        "form": form, "profile": own, "industries": selectors.industry_choices(), "ipc": selectors.ipc_choices()},
        status=400 if form.errors else 200)


@login_required
def rank(request: HttpRequest, user_pk: int) -> HttpResponse:
    """The administrator records the grade and certificate."""
    found = _profile(request, user_pk)
    if not is_allowed(request.user, Action.MANAGER_RANK_SET, found):
        return refused(request)
    form = forms.RankForm(request.POST or None, initial={
        "rank": found.rank, "rank_since": found.rank_since, "certificate_number": found.certificate_number,
        "certificate_issuer": found.certificate_issuer})
    if request.method == "POST" and form.is_valid():
        done = perform(request, lambda: services.rank_set(
            actor=request.user, user=found.user, organisation=found.organisation, request=request,
            **form.cleaned_data), _("Grade saved."), refused=lambda exc: add_domain_error(form, exc))
        if done is not None:
            return redirect("managers:profile", user_pk=user_pk)
    return render(request, "managers/rank_form.html", {"form": form, "profile": found, "ranks": Rank},
                  status=400 if form.errors else 200)


@login_required
def training_add(request: HttpRequest, user_pk: int) -> HttpResponse:
    """A course the manager took: entered by them or by their organisation's administrator."""
    found = _profile(request, user_pk)
    if not is_allowed(request.user, Action.MANAGER_TRAINING_ADD, found):
        return refused(request)
    form = forms.TrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = perform(request, lambda: services.training_add(
            actor=request.user, user=found.user, organisation=found.organisation, request=request,
            **form.cleaned_data), _("Training recorded."), refused=lambda exc: add_domain_error(form, exc))
        if done is not None:
            return redirect("managers:profile", user_pk=user_pk)
    return render(request, "managers/training_form.html", {"form": form, "profile": found},
                  status=400 if form.errors else 200)


def _training(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.training_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _training(request, pk)
    user_pk = record.profile.user_id
    perform(request, lambda: services.training_delete(actor=request.user, record=record, request=request),
            _("Training record removed."))
    return redirect("managers:profile", user_pk=user_pk)


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of a training record, to those who read the whole profile."""
    record = _training(request, pk)
    if not record.evidence:
        raise Http404(_("No evidence was uploaded."))
    return FileResponse(record.evidence.open("rb"), as_attachment=True,
                        filename=record.evidence.name.rsplit("/", 1)[-1])


@login_required
def training_import(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=org_pk).first()
    if organisation is None or not is_allowed(request.user, Action.MANAGERS_TRAINING_IMPORT, organisation):
        return refused(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "organisation": organisation}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = importing.import_training(actor=request.user, organisation=organisation,
                                                          upload=upload, name=upload.name, request=request)
        except PermissionDenied:
            return refused(request)
        except (UnreadableFile, DomainError) as exc:
            form.add_error("file", readable(exc) if isinstance(exc, DomainError) else str(exc))
    return render(request, "managers/import.html", context, status=400 if form.errors else 200)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="training-template.xlsx"'
    return response


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """Managers who chose to be shown to enterprises, with their grade and fields."""
    query = request.GET.get("q", "")[:100]
    profiles = list(selectors.public_profiles(query)[:200])
    return render(request, "managers/directory.html", {
        "profiles": profiles, "query": query,
        "expertise": selectors.expertise_of(profiles)})


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The regulator's figures: managers by city and grade, training hours of the year and in all."""
    if not is_allowed(request.user, Action.MANAGERS_OVERVIEW):
        return refused(request)
    year = _year(request)
    rows = selectors.overview(year)
    return render(request, "managers/overview.html", {
        "rows": rows, "year": year, "ranks": [*Rank.choices, ("", _("Not graded"))],
        "totals": {"managers": sum(r.managers for r in rows), "hours_year": sum(r.hours_year for r in rows),
                   "by_rank": {value: sum(r.count(value) for r in rows) for value, _label in [*Rank.choices, ("", "")]},
                   "hours_total": sum(r.hours_total for r in rows)}})

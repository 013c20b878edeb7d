"""Pages that record registered pledges and suspensions (forms on the patent page's rights panel)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.views import form_date, perform
from patentbridge.patents.selectors import patent_get
from patentbridge.rights import selectors, services


def _or_404(find: Callable[[], Any]) -> Any:
    try:
        return find()
    except NotFound as exc:
        raise Http404(exc.message) from exc


# The panel's forms live on the patent page: a refused one is shown there again, from the session, with what was
# typed and each error by its field (the page is reached by a redirect, so a reload never posts twice).
FORM_STATE_KEY = "rights_form"


def _act(request: HttpRequest, number: str, done: str, act: Callable[[], Any], form: str = "") -> HttpResponse:
    def keep_form(exc: DomainError) -> None:
        if form:
            data = {k: v for k, v in request.POST.dict().items() if k != "csrfmiddlewaretoken"}
            errors = exc.details if isinstance(exc.details, dict) else {}
            request.session[FORM_STATE_KEY] = {"form": form, "data": data,
                                               "errors": {k: str(v) for k, v in errors.items()}}

    perform(request, act, done, refused=keep_form)
    return redirect("patents:detail", number=number)


@login_required
@require_POST
def pledge_record(request: HttpRequest, number: str) -> HttpResponse:
    patent = _or_404(lambda: patent_get(number))
    return _act(request, patent.lookup_number, _("The pledge is recorded."), lambda: services.pledge_register(
        actor=request.user, patent=patent, data=request.POST.dict(), request=request), form="pledge")


@login_required
@require_POST
def pledge_release(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = _or_404(lambda: selectors.pledge_get(pledge_id))
    on = form_date(request.POST.get("on")) or timezone.localdate()
    return _act(request, pledge.patent.lookup_number, _("The release is recorded."), lambda: services.pledge_release(
        actor=request.user, pledge=pledge, on=on, request=request))


@login_required
@require_POST
def suspension_record(request: HttpRequest, number: str) -> HttpResponse:
    patent = _or_404(lambda: patent_get(number))
    return _act(request, patent.lookup_number, _("The suspension is recorded."),
                lambda: services.suspension_register(actor=request.user, patent=patent, data=request.POST.dict(),
                                                     request=request), form="suspension")


@login_required
@require_POST
def suspension_lift(request: HttpRequest, suspension_id: int) -> HttpResponse:
    suspension = _or_404(lambda: selectors.suspension_get(suspension_id))
    on = form_date(request.POST.get("on")) or timezone.localdate()
    return _act(request, suspension.patent.lookup_number, _("The suspension is lifted."),
                lambda: services.suspension_lift(actor=request.user, suspension=suspension, on=on, request=request))

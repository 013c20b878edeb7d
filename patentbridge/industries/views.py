"""The declaration of an organisation's industries (the rest of this app shows on other apps' pages as panels)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from patentbridge.core.errors import DomainError
from patentbridge.core.views import refused
from patentbridge.industries import selectors, services
from patentbridge.industries.forms import DeclareForm
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.orgs.selectors import organisation_get


@login_required
def declare(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_get(organisation_id)
    if organisation is None:
        raise Http404("no such organisation")
    try:
        authorize(request.user, Action.INDUSTRY_DECLARE, organisation, request=request)
    except DomainError:
        return refused(request)
    current = [row.industry_id for row in selectors.declared_industries(organisation)]
    form = DeclareForm(request.POST or None, initial={"industries": current})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.industries_declare(actor=request.user, organisation=organisation,
                                            industry_codes=form.cleaned_data["industries"])
        except DomainError as exc:
            for message in (exc.details or {}).values():
                form.add_error("industries", str(message))
        else:
            messages.success(request, _("Saved. The organisation's patents are being counted in these industries."))
            return redirect("orgs:detail", organisation_id=organisation.pk)
    return render(request, "industries/declare.html", {"organisation": organisation, "form": form})

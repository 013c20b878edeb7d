"""The inbox: every notification of the person, opening one marks it read and goes to the thing to act on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import ValidationFailed
from patentbridge.notices import selectors, services
from patentbridge.notices.kinds import Delivery

PAGE_SIZE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    page = Paginator(selectors.inbox(request.user, state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page, "state": state,
                                                  "query": f"state={state}" if state else ""})


@login_required
def open_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = services.notice_open(user=request.user, notice_id=notice_id)
    if notice is None:
        raise Http404("no such notification")
    # A stored link is a path of this site; anything else would make the inbox an open redirect.
    if not url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None) or not notice.link.startswith("/"):
        return redirect("notices:inbox")
    return redirect(notice.link)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notices_read_all(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notices:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        choices = {kind: request.POST.get(kind, "") for kind, *_rest in selectors.preferences(request.user)}
        try:
            services.preferences_save(user=request.user, choices=choices)
        except ValidationFailed:
            messages.error(request, _("Choose one of the offered ways for every kind."))
        else:
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"rows": selectors.preferences(request.user),
                                                        "deliveries": Delivery.choices})

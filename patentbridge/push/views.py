"""Inbox, subscriptions, one-click unsubscribe and push statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from patentbridge.core.errors import DomainError
from patentbridge.core.views import refused
from patentbridge.orgs.permissions import READ_ALL_ROLES, is_platform_admin, roles_of
from patentbridge.push import selectors, services
from patentbridge.push.forms import SubscriptionForm
from patentbridge.push.models import Subscription


def inbox(request: HttpRequest) -> HttpResponse:
    """The one inbox is the notifications page; push notices are among them."""
    return redirect("notices:inbox")


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_open(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404("no such notification")
    return redirect("patents:detail", number=notification.patent.lookup_number)


@login_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_create(user=request.user, **form.data_for_service())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Subscribed."))
            return redirect("push:subscriptions")
    mine = Subscription.objects.filter(user=request.user)
    return render(request, "push/subscriptions.html", {"form": form, "subscriptions": mine})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an e-mail, no sign-in needed: the token is the subscription's secret."""
    subscription = services.unsubscribe(token)
    if subscription is None:
        raise Http404("no such subscription")
    return render(request, "push/unsubscribed.html", {"subscription": subscription})


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """The push funnel: the regulator and admins see all; an institution sees its own patents."""
    if is_platform_admin(request.user) or any(r in READ_ALL_ROLES for _, r in roles_of(request.user)):
        scope = None
    else:
        scope = sorted({org_id for org_id, _ in roles_of(request.user)})
        if not scope:
            return refused(request)
    return render(request, "push/stats.html", {"funnel": selectors.funnel(scope), "all": scope is None})

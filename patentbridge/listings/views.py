"""Listing pages: the public list of listings open now, one listing with its countdown, "my listings", the create,
relist and interest forms, and the seller's publish and withdraw buttons."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import perform, refused
from patentbridge.listings import forms, selectors, services
from patentbridge.listings.models import Listing, ListingStatus
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, is_allowed, listing_org_ids, org_ids_with


def _listing(request: HttpRequest, number: str) -> Listing:
    try:
        return selectors.listing_get(request.user, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _orgs(request: HttpRequest, capability: Capability) -> object:
    return Organisation.objects.filter(pk__in=listing_org_ids(request.user, capability)).order_by("pk")


def index(request: HttpRequest) -> HttpResponse:
    """Listings open now: public facts only."""
    today = timezone.localdate()
    listings = selectors.with_days_left(list(selectors.listings_open(today)[:300]), today)
    return render(request, "listings/index.html", {
        "listings": listings, "may_create": is_allowed(request.user, Action.LISTING_CREATE),
        "may_mine": is_allowed(request.user, Action.LISTINGS_MINE)})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The listings of one's organisations (as seller, disposing party or venue) and the interests they expressed."""
    return render(request, "listings/mine.html", {
        "listings": selectors.listings_of(request.user)[:300], "interests": selectors.interests_of(request.user)[:300],
        "may_create": is_allowed(request.user, Action.LISTING_CREATE)})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    sellers = _orgs(request, Capability.COMMIT)
    if not sellers:
        return refused(request)
    form = forms.ListingForm(request.POST or None, sellers=sellers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seller, patent = data.pop("seller"), data.pop("patent")
        listing = perform(request, lambda: services.listing_create(actor=request.user, seller=seller, patent=patent,
                                                                   data=data),
                          _("The draft listing is saved: check it, then publish it."),
                          refused=lambda exc: add_domain_error(form, exc))
        if listing is not None:
            return redirect("listings:detail", number=listing.number)
    return render(request, "listings/form.html", {"form": form, "title": _("List a patent")})


def detail(request: HttpRequest, number: str) -> HttpResponse:
    listing = _listing(request, number)
    if listing.status == ListingStatus.LISTED and listing.ends_on < timezone.localdate():
        listing = _closed_on_read(request, listing)
    user = request.user
    proposers = (_orgs(request, Capability.PROPOSE).exclude(pk__in=listing.party_org_ids())
                 .exclude(pk__in=listing.interests.values("organisation_id")))  # one interest per organisation
    open_for_interest = listing.status == ListingStatus.LISTED and timezone.localdate() <= listing.ends_on
    manages = is_allowed(user, Action.LISTING_MANAGE, listing)
    return render(request, "listings/detail.html", {
        "listing": listing, "days_left": selectors.working_days_left(listing),
        "parties": selectors.interested_parties(user, listing), "manages": manages,
        "may_withdraw": manages and listing.status in (ListingStatus.DRAFT, ListingStatus.LISTED)
        and not listing.interest_count,
        "may_relist": manages and listing.status in services.RELISTABLE
        and not Listing.objects.filter(relist_of=listing).exists(),
        "interest_form": forms.InterestForm(organisations=proposers) if open_for_interest and proposers else None,
        "own_interests": listing.interests.filter(organisation_id__in=org_ids_with(user, Capability.READ)),
        "steps": listing.steps.select_related("actor"), "reason_form": forms.ReasonForm(),
        "relisting": Listing.objects.filter(relist_of=listing).first()})


def _closed_on_read(request: HttpRequest, listing: Listing) -> Listing:
    """A period that ended before the daily command ran is closed now, by the same service."""
    try:
        with transaction.atomic():
            services.listing_close(listing=listing)
    except DomainError:
        return listing  # the command reports it; the page shows the listing as it stands
    return _listing(request, listing.number)


@login_required
@require_POST
def publish(request: HttpRequest, number: str) -> HttpResponse:
    listing = _listing(request, number)
    perform(request, lambda: services.listing_publish(actor=request.user, listing=listing, request=request),
            _("The listing is published."))
    return redirect("listings:detail", number=number)


@login_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    listing = _listing(request, number)
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    perform(request, lambda: services.listing_withdraw(actor=request.user, listing=listing, reason=reason,
                                                       request=request), _("The listing is withdrawn."))
    return redirect("listings:detail", number=number)


@login_required
@require_POST
def interest(request: HttpRequest, number: str) -> HttpResponse:
    listing = _listing(request, number)
    form = forms.InterestForm(request.POST, organisations=_orgs(request, Capability.PROPOSE))
    if not form.is_valid():
        return refused(request) if not _orgs(request, Capability.PROPOSE) else redirect("listings:detail",
                                                                                         number=number)
    perform(request, lambda: services.interest_register(
        actor=request.user, listing=listing, organisation=form.cleaned_data["organisation"],
        statement=form.cleaned_data["statement"], request=request), _("Your interest is registered."))
    return redirect("listings:detail", number=number)


@login_required
def relist(request: HttpRequest, number: str) -> HttpResponse:
    listing = _listing(request, number)
    if not is_allowed(request.user, Action.LISTING_MANAGE, listing):
        return refused(request)
    form = forms.RelistForm(request.POST or None, request.FILES or None, initial={
        "conditions": listing.conditions, "payment_terms": listing.payment_terms})
    if request.method == "POST" and form.is_valid():
        relisting = perform(request, lambda: services.listing_relist(actor=request.user, listing=listing,
                                                                     data=form.cleaned_data, request=request),
                            _("The relisting is saved as a draft: check it, then publish it."),
                            refused=lambda exc: add_domain_error(form, exc))
        if relisting is not None:
            return redirect("listings:detail", number=relisting.number)
    return render(request, "listings/form.html", {
        "form": form, "title": _("Relist %(number)s") % {"number": listing.number}, "listing": listing,
        "floor": services.relist_floor(listing), "multipart": True})


@login_required
def approval_file(request: HttpRequest, number: str) -> HttpResponse:
    """The relisting's approval document, for the listing's parties."""
    listing = _listing(request, number)
    if not listing.approval_file or not is_allowed(request.user, Action.LISTING_PARTIES_VIEW, listing):
        return refused(request)
    return FileResponse(listing.approval_file.open("rb"), as_attachment=True,
                        filename=listing.approval_file.name.rsplit("/", 1)[-1])



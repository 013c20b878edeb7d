"""Reads of the commissioners app, each scoped to who asks: the regulator's cities, the commissioner's own work, the
enterprise's own requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.commissioners.models import (
    Assignment,
    Attribution,
    Designation,
    RequestStatus,
    ServiceRequest,
    Visit,
    active_designations,
)
from patentbridge.core.errors import NotFound
from patentbridge.deals.models import Deal
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation
from patentbridge.orgs.names import normalize_name
from patentbridge.orgs.permissions import (
    ALL_CITIES,
    Action,
    Capability,
    is_allowed,
    org_ids_with,
    regulated_city_ids,
)


def _in_cities(queryset: QuerySet, user: Any) -> QuerySet:
    """Only the regulator's cities (every city for a provincial regulator)."""
    cities = regulated_city_ids(user)
    return queryset if cities is ALL_CITIES else queryset.filter(city_id__in=cities)


def designations_overseen(user: Any) -> QuerySet[Designation]:
    """The designations in the regulator's cities, live ones first."""
    return (_in_cities(Designation.objects.all(), user)
            .select_related("commissioner", "organisation", "city")
            .order_by("revoked_at", "city_id", "-starts_on", "pk"))


def overdue_requests(user: Any, today: dt.date | None = None) -> QuerySet[ServiceRequest]:
    """Requests still waiting to be accepted after their service-level day, in the regulator's cities."""
    today = today or timezone.localdate()
    return (_in_cities(ServiceRequest.objects.filter(status=RequestStatus.OPEN, accept_by__lt=today), user)
            .select_related("enterprise", "city", "designation__commissioner").order_by("accept_by", "pk"))


def own_designations(user: Any) -> QuerySet[Designation]:
    """The user's designations in force today."""
    return active_designations().filter(commissioner=user).select_related("city", "organisation")


def assigned_enterprises(user: Any) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(designation__in=own_designations(user), ended_at__isnull=True)
            .select_related("enterprise", "designation__city"))


def desk_requests(user: Any) -> QuerySet[ServiceRequest]:
    """The commissioner's own open and accepted requests, and the unassigned open ones of their cities' pools."""
    designations = own_designations(user)
    pool = Q(designation__isnull=True, status=RequestStatus.OPEN, city_id__in=designations.values("city_id"))
    return (ServiceRequest.objects.filter(Q(designation__commissioner=user) | pool)
            .filter(status__in=[RequestStatus.OPEN, RequestStatus.ACCEPTED])
            .select_related("enterprise", "city", "designation").order_by("accept_by", "pk"))


def recent_visits(user: Any) -> QuerySet[Visit]:
    return Visit.objects.filter(request__designation__commissioner=user).select_related("request__enterprise")[:20]


def enterprise_requests(user: Any) -> QuerySet[ServiceRequest]:
    """The requests of the enterprises the user reads for."""
    return (ServiceRequest.objects.filter(enterprise_id__in=org_ids_with(user, Capability.READ))
            .select_related("enterprise", "designation__commissioner", "deal"))


def enterprise_commissioners(user: Any) -> QuerySet[Assignment]:
    """The commissioners assigned to the user's enterprises."""
    return (Assignment.objects.filter(enterprise_id__in=org_ids_with(user, Capability.READ), ended_at__isnull=True)
            .select_related("enterprise", "designation__commissioner", "designation__city",
                            "designation__organisation"))


def request_get(user: Any, pk: int) -> ServiceRequest:
    """One request, if the user may read it; NotFound otherwise (its existence is not told)."""
    service = (ServiceRequest.objects.select_related("enterprise", "city", "designation__commissioner",
                                                     "designation__organisation", "deal").filter(pk=pk).first())
    if service is None or not is_allowed(user, Action.SERVICE_REQUEST_VIEW, service):
        raise NotFound(_("No such service request."))
    return service


def designation_get(user: Any, pk: int) -> Designation:
    designation = Designation.objects.select_related("city").filter(pk=pk).first()
    if designation is None or not is_allowed(user, Action.COMMISSIONERS_OVERSEE, designation):
        raise NotFound(_("No such designation."))
    return designation


def claimable_deals(service: ServiceRequest) -> QuerySet[Deal]:
    """Deals of the request's enterprise made since it was opened and not yet attributed to anyone."""
    return (Deal.objects.filter(Q(owner_id=service.enterprise_id) | Q(counterparty_id=service.enterprise_id),
                                created_at__gte=service.opened_at, patent__isnull=False,
                                commissioner_attribution__isnull=True)
            .select_related("patent", "owner", "counterparty").order_by("-created_at")[:50])


def attribution_of(deal: Deal) -> Attribution | None:
    return (Attribution.objects.filter(deal=deal)
            .select_related("designation__commissioner", "designation__organisation", "request",
                            "recommendation__patent", "decided_by", "decided_for").first())


def enterprise_named(text: str) -> Organisation | None:
    """An enterprise by its exact name (as normalised) or its unified social credit code."""
    text = (text or "").strip()
    return (Organisation.objects.filter(kind__in=ENTERPRISE_KINDS)
            .filter(Q(name_normalized=normalize_name(text)) | Q(uscc=text.upper())).first())

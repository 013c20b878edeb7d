"""/api/v1/subscriptions and /api/v1/notifications: a person's own push settings and inbox."""

import datetime as dt
import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.demands.selectors import demand_get
from patentbridge.orgs.selectors import city_or_error
from patentbridge.patents.schemas import PatentListItem
from patentbridge.push import selectors, services
from patentbridge.push.models import Frequency, Subscription

router = Router(tags=["push"])


class SubscriptionIn(Schema):
    kind: Subscription.Kind
    name: str = Field("", max_length=200)
    query: str = Field("", max_length=500)
    demand_id: int | None = None
    ipc_prefixes: list[str] = Field([], max_length=20)
    industry_codes: list[str] = Field([], max_length=20)
    city: str | None = Field(None, max_length=6)
    frequency: Frequency = Frequency.DAILY


class SubscriptionOut(Schema):
    id: int
    kind: str
    name: str
    query: str
    demand_id: int | None
    ipc_prefixes: list[str]
    industry_codes: list[str]
    city: str | None = Field(None, alias="city_id")
    frequency: str
    active: bool
    token: uuid.UUID


class NotificationOut(Schema):
    id: int
    patent: PatentListItem
    subscription: str = Field(..., alias="subscription.name")
    created_at: dt.datetime
    opened_at: dt.datetime | None


@router.get("/subscriptions", response=list[SubscriptionOut], auth=WRITE_AUTH)
def list_subscriptions(request: HttpRequest):
    return list(Subscription.objects.filter(user=request.user))


@router.post("/subscriptions", response={201: SubscriptionOut}, auth=WRITE_AUTH)
def create_subscription(request: HttpRequest, payload: SubscriptionIn):
    data = payload.dict(exclude={"demand_id", "city"})
    demand = demand_get(request.user, payload.demand_id) if payload.demand_id else None
    with transaction.atomic():
        subscription = services.subscription_create(user=request.user, demand=demand,
                                                    city=city_or_error(payload.city), **data)
    return Status(201, subscription)


class SubscriptionPatch(Schema):
    frequency: Frequency | None = None
    active: bool | None = None


@router.patch("/subscriptions/{subscription_id}", response=SubscriptionOut, auth=WRITE_AUTH)
def update_subscription(request: HttpRequest, subscription_id: int, payload: SubscriptionPatch):
    """Change how often a subscription is delivered, or pause and resume it."""
    subscription = Subscription.objects.filter(pk=subscription_id, user=request.user).first()
    if subscription is None:
        raise NotFound(details={"id": subscription_id})
    return services.subscription_update(subscription=subscription, **payload.dict(exclude_none=True))


@router.delete("/subscriptions/{subscription_id}", response={204: None}, auth=WRITE_AUTH)
def delete_subscription(request: HttpRequest, subscription_id: int):
    subscription = Subscription.objects.filter(pk=subscription_id, user=request.user).first()
    if subscription is None:
        raise NotFound(details={"id": subscription_id})
    services.unsubscribe(str(subscription.token))
    return Status(204, None)


@router.get("/notifications", response=list[NotificationOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_notifications(request: HttpRequest):
    return selectors.inbox(request.user)


@router.post("/notifications/{notification_id}/open", response=NotificationOut, auth=WRITE_AUTH)
def open_notification(request: HttpRequest, notification_id: int):
    notification = services.notification_open(user=request.user, notification_id=notification_id)
    if notification is None:
        raise NotFound(details={"id": notification_id})
    return notification

"""Events → matching subscriptions → one notification each → inbox and e-mail digests."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.demands.models import Demand, DemandStatus
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.patents.industries import industry_classes
from patentbridge.patents.models import Patent
from patentbridge.push.models import Frequency, Notification, PatentEvent, Subscription
from patentbridge.search.text import tokens

SEARCH_COVERAGE = 0.6  # share of a saved search's words a new patent must contain
DEMAND_OVERLAP = 2  # words a new patent must share with a demand (besides an IPC hint)


def subscription_create(*, user: Any, kind: str, name: str, query: str = "", demand: Demand | None = None,
                        ipc_prefixes: Iterable[str] = (), industry_codes: Iterable[str] = (), city: Any = None,
                        frequency: str = Frequency.DAILY) -> Subscription:
    """Subscribe; a demand subscription is only for the demand's own enterprise (demands can be private)."""
    if kind not in Subscription.Kind.values or frequency not in Frequency.values:
        raise ValidationFailed(details={"kind": kind, "frequency": frequency})
    if kind == Subscription.Kind.DEMAND and (demand is None or not is_allowed(user, Action.DEMAND_CHANGE, demand)):
        raise PermissionDenied(gettext("you can subscribe only to your enterprise's demands"))
    if kind == Subscription.Kind.SEARCH and not tokens(query):
        raise ValidationFailed(gettext("a saved search needs words"), details={"query": "empty"})
    prefixes = [p.strip().upper() for p in ipc_prefixes if p.strip()]
    if kind == Subscription.Kind.PROFILE and not (prefixes or list(industry_codes) or city):
        raise ValidationFailed(gettext("choose an IPC, industry or city"),
                               details={"profile": "empty"})
    return Subscription.objects.create(
        user=user, kind=kind, name=name[:200] or query[:200], query=query[:500], demand=demand,
        ipc_prefixes=prefixes, industry_codes=list(industry_codes), city=city, frequency=frequency)


def demand_author_subscribe(*, demand: Demand) -> Subscription | None:
    """Whoever posts a demand hears about matching new patents (daily digest; changeable in their settings)."""
    if demand.created_by_id is None:
        return None
    subscription, _ = Subscription.objects.get_or_create(user_id=demand.created_by_id, kind=Subscription.Kind.DEMAND,
                                                         demand=demand, defaults={"name": demand.title[:200]})
    return subscription


def subscription_update(*, subscription: Subscription, frequency: str | None = None,
                        active: bool | None = None) -> Subscription:
    if frequency is not None:
        if frequency not in Frequency.values:
            raise ValidationFailed(details={"frequency": frequency})
        subscription.frequency = frequency
    if active is not None:
        subscription.active = active
    subscription.save(update_fields=["frequency", "active"])
    return subscription


def unsubscribe(token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None and subscription.active:
        subscription.active = False
        subscription.save(update_fields=["active"])
    return subscription


def events_record(*, patent_ids: list[int], kind: str = PatentEvent.Kind.NEW) -> list[int]:
    """Register events that subscribers hear about: new patents, patents entering the pool, tier changes."""
    events = PatentEvent.objects.bulk_create([PatentEvent(patent_id=pk, kind=kind) for pk in patent_ids])
    return [e.pk for e in events]


def _subscription_words(subscription: Subscription) -> set[str]:
    """The words a subscription looks for: its saved search, or its demand's text."""
    if subscription.kind == Subscription.Kind.SEARCH:
        return set(tokens(subscription.query))
    if subscription.kind == Subscription.Kind.DEMAND:
        return set(subscription.demand.current_tokens())
    return set()


def _matches(subscription: Subscription, wanted: set[str], patent: Patent, words: set[str]) -> bool:
    codes = patent.ipc_codes or []
    if subscription.ipc_prefixes and not any(c.startswith(tuple(subscription.ipc_prefixes)) for c in codes):
        return False
    if subscription.city_id and patent.city_id != subscription.city_id:
        return False
    if subscription.industry_codes and not set(subscription.industry_codes) & set(
            industry_classes(patent.industry_codes)):
        return False
    if subscription.kind == Subscription.Kind.SEARCH:
        return bool(wanted) and len(wanted & words) >= math.ceil(SEARCH_COVERAGE * len(wanted))
    if subscription.kind == Subscription.Kind.DEMAND:
        demand = subscription.demand
        if demand.status == DemandStatus.CLOSED:
            return False
        shares_class = not demand.ipc_hints or {c[:4] for c in codes} & set(demand.ipc_hints)
        return bool(shares_class) and len(wanted & words) >= DEMAND_OVERLAP
    return True


@transaction.atomic
def notifications_create(event_ids: list[int]) -> int:
    """One notification per (person, event) whatever the number of their matching subscriptions."""
    events = list(PatentEvent.objects.filter(pk__in=event_ids).select_related("patent"))
    subscriptions = [(s, _subscription_words(s))
                     for s in Subscription.objects.filter(active=True).select_related("demand")]
    notified = set(Notification.objects.filter(event_id__in=event_ids).values_list("user_id", "event_id"))
    created = 0
    for event in events:
        patent = event.patent
        words = set(tokens(f"{patent.title} {patent.abstract}"))
        users: dict[int, Subscription] = {}
        for subscription, wanted in subscriptions:
            if subscription.user_id not in users and _matches(subscription, wanted, patent, words):
                users[subscription.user_id] = subscription
        rows = [Notification(user_id=uid, subscription=sub, event=event, patent=patent)
                for uid, sub in users.items() if (uid, event.pk) not in notified]
        # The unique constraint settles a race with a concurrent run; the count is of this run's rows.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
        _notices_for(event, {row.user_id: row.subscription for row in rows})
    return created


def _notices_for(event: PatentEvent, subscriptions: dict[int, Subscription]) -> None:
    """Each push also lands in the one inbox; opening it goes through push's own open (its statistics count it).
    Push e-mails it in the subscription's own digest, so the notice is not mailed again."""
    pushed = Notification.objects.filter(event=event, user_id__in=list(subscriptions)).values_list("pk", "user_id")
    for pk, user_id in pushed:
        notify(recipients=[user_id], kind=NoticeKind.PATENT_PUSHED, link=reverse("push:open", args=[pk]),
               key=f"push:{pk}", mail=False,
               params={"patent": str(event.patent), "subscription": subscriptions[user_id].name})


def digests_send(frequency: str) -> int:
    """E-mail each person their not-yet-mailed notifications of this frequency in one message; returns mails sent."""
    pending = (Notification.objects.filter(emailed_at=None, subscription__frequency=frequency,
                                           subscription__active=True)
               .select_related("user", "patent", "subscription").order_by("user_id", "-created_at"))
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        if not user.email:
            continue
        context = {"user": user, "items": items[:50], "more": max(0, len(items) - 50),
                   "base_url": settings.PUBLIC_BASE_URL,
                   "subscriptions": {n.subscription for n in items}}
        send_mail(subject=f"PatentBridge 专利推送：{len(items)} 件新专利",
                  message=render_to_string("push/digest.txt", context),
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notification_open(*, user: Any, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(pk=notification_id, user=user).select_related("patent").first()
    if notification is not None and notification.opened_at is None:
        notification.opened_at = timezone.now()
        notification.save(update_fields=["opened_at"])
    return notification

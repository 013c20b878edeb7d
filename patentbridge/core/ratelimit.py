"""Rate limits on sign-in, search and the API, counted in the shared cache (CACHE_URL) by django-ratelimit.

Each rule counts requests per key (a user, an API token, a user name being signed in to, or the client's address) in
fixed windows; past the limit the request gets 429 with Retry-After (the API's error envelope, or a page), and the
first refusal of a key in a window is written to the security audit trail.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django_ratelimit.core import get_usage

from patentbridge.core import metrics
from patentbridge.core.api_support import envelope_response
from patentbridge.core.models import SecurityEvent
from patentbridge.core.network import client_address
from patentbridge.core.services import security_event_record

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Rule:
    """One limit: its name (a key of settings.RATELIMITS), whom it counts, and which requests."""

    name: str
    key: Callable[[HttpRequest], str | None]
    applies: Callable[[HttpRequest], bool]


def _address(request: HttpRequest) -> str | None:
    address = client_address(request)
    return f"ip:{address}" if address else None


def _user(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else None


def _token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Bearer "):
        return None
    return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]


def _caller(request: HttpRequest) -> str | None:
    """An API caller: its token, else the signed-in user (anonymous callers are counted by address only)."""
    return _token(request) or _user(request)


def _user_or_address(request: HttpRequest) -> str | None:
    return _user(request) or _address(request)


def _signing_in_as(request: HttpRequest) -> str | None:
    name = request.POST.get("username", "").strip().lower()
    return f"name:{name[:150]}" if name else None


def _is_sign_in(request: HttpRequest) -> bool:
    return request.method == "POST" and request.path in (reverse("login"), reverse("admin:login"))


def _is_search(request: HttpRequest) -> bool:
    return any(request.path.startswith(prefix) for prefix in settings.RATELIMIT_SEARCH_PATHS)


def _is_api_read(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") and request.method not in UNSAFE_METHODS


def _is_api_write(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") and request.method in UNSAFE_METHODS


RULES = (
    Rule("sign_in_per_address", _address, _is_sign_in),
    Rule("sign_in_per_username", _signing_in_as, _is_sign_in),
    Rule("search", _user_or_address, _is_search),
    Rule("api_read_per_caller", _caller, _is_api_read),
    Rule("api_read_per_address", _address, _is_api_read),
    Rule("api_write_per_caller", _caller, _is_api_write),
    Rule("api_write_per_address", _address, _is_api_write),
)


@dataclass(frozen=True)
class Refusal:
    rule: str
    key: str
    retry_after: int
    window: int


def first_refusal(request: HttpRequest) -> Refusal | None:
    """Count the request against every rule that applies; the first rule it exceeds, if any."""
    refusal = None
    for rule in RULES:
        rate = settings.RATELIMITS.get(rule.name)
        if not rate or not rule.applies(request):
            continue
        key = rule.key(request)
        if key is None:
            continue
        usage = get_usage(request, group=f"pb:{rule.name}", key=lambda _group, _request, key=key: key, rate=rate,
                          increment=True)
        if usage and usage["should_limit"] and refusal is None:
            refusal = Refusal(rule.name, key, retry_after=max(1, usage["time_left"]),
                              window=int(time.time()) + usage["time_left"])
    return refusal


def _record_once(request: HttpRequest, refusal: Refusal) -> None:
    """One security event per rule, key and window: a client hammering the limit does not flood the trail."""
    marker = f"pb:rl-event:{refusal.rule}:{refusal.key}:{refusal.window}"
    if caches[settings.RATELIMIT_USE_CACHE].add(marker, 1, refusal.retry_after + 5):
        user = getattr(request, "user", None)
        security_event_record(kind=SecurityEvent.Kind.RATE_LIMITED, request=request,
                              user=user if user is not None and user.is_authenticated else None,
                              username=refusal.key[5:] if refusal.key.startswith("name:") else "",
                              detail=f"{refusal.rule} {refusal.key}"[:500])


def refused_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    if refusal.retry_after >= 120:
        message = gettext("Too many requests: wait about %(minutes)s minutes, then try again.") % {
            "minutes": math.ceil(refusal.retry_after / 60)}
    else:
        message = gettext("Too many requests: wait %(seconds)s seconds, then try again.") % {
            "seconds": refusal.retry_after}
    if request.path.startswith("/api/"):
        response = envelope_response(429, "rate_limited", message,
                                     {"rule": refusal.rule, "retry_after": refusal.retry_after})
    else:
        response = render(request, "core/error.html",
                          {"status": 429, "title": gettext("Too many requests"), "explanation": message}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


class RateLimitMiddleware:
    """Refuses a request over one of the limits in settings.RATELIMITS (all off with RATELIMIT_ENABLE=0)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        refusal = first_refusal(request) if settings.RATELIMIT_ENABLE else None
        if refusal is None:
            return self.get_response(request)
        metrics.RATE_LIMITED.labels(refusal.rule).inc()
        _record_once(request, refusal)
        return refused_response(request, refusal)

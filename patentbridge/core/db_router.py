"""Reads that may lag go to the read replica (`DATABASE_REPLICA_URL`); everything else goes to the primary.

Only code marked with `replica_reads()` (a context manager and decorator) reads from the replica, and only when a
`replica` alias is configured, no transaction is open on the primary and the request is not pinned to the primary
because its browser wrote something a moment ago. Writes always go to the primary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# A browser that wrote carries this cookie for DATABASE_REPLICA_PIN_SECONDS and reads from the primary meanwhile, so
# that a person sees their own change on the next page even while the replica is a little behind.
PIN_COOKIE = "pb_primary"

_may_lag: ContextVar[bool] = ContextVar("replica_reads", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Mark reads that may be a few seconds behind (dashboards, statistics): they may go to the replica."""
    token = _may_lag.set(True)
    try:
        yield
    finally:
        _may_lag.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """Where a read made now goes."""
    if not _may_lag.get() or _pinned.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    # A read inside a transaction belongs to that transaction's snapshot, on the primary.
    return DEFAULT_DB_ALIAS if connections[DEFAULT_DB_ALIAS].in_atomic_block else REPLICA


class ReplicaRouter:
    """Django's database router for the `default` (primary) and `replica` aliases."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Explicit, so that an object read from the replica is saved to the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def pin_after_writes(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware (added only with a replica): a browser that just wrote reads from the primary for a while."""

    def middleware(request: HttpRequest) -> HttpResponse:
        token = _pinned.set(PIN_COOKIE in request.COOKIES)
        try:
            response = get_response(request)
        finally:
            _pinned.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    return middleware

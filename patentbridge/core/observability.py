"""Request ids, structured log fields and the access log: every log line says which request (or task) it belongs to.

A request's id comes from the proxy's `X-Request-ID` when it is a sane token (nginx sets `$request_id`) or is made
here; it is returned in the response header and shown on the 500 page, so a user can quote it and an operator can
find every line of that request. A background task's lines carry its task id instead.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.utils.functional import empty
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The fields every record carries (None when unknown), whatever emitted it.
CONTEXT_FIELDS = ("request_id", "task_id", "user_id", "org_id")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_task_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_id", default=None)
_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("request", default=None)
_org_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("org_id", default=None)



def request_id() -> str | None:
    """The id of the request this thread is serving, if any."""
    return _request_id.get()


def bind_org(org_id: int | None) -> None:
    """Name the organisation the current request acts for, so its log lines carry `org_id`."""
    _org_id.set(org_id)


def incoming_request_id(request: HttpRequest) -> str:
    supplied = request.META.get("HTTP_X_REQUEST_ID", "")
    return supplied if _SANE_ID.match(supplied) else uuid.uuid4().hex


def known_user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id once something loaded it; never a database query from inside a log call."""
    user = getattr(request, "user", None) if request is not None else None
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def context_fields() -> dict[str, Any]:
    return {"request_id": _request_id.get(), "task_id": _task_id.get(), "user_id": known_user_id(_request.get()),
            "org_id": _org_id.get()}


@contextmanager
def task_context(task_id: object) -> Iterator[None]:
    """Log lines written while a background task runs carry its id."""
    token = _task_id.set(str(task_id))
    try:
        yield
    finally:
        _task_id.reset(token)


class ContextFilter(logging.Filter):
    """Adds the request's (or task's) fields to each record a handler emits."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in context_fields().items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


class JsonLineFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message, the context fields and whatever `extra` a call adds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")  # ISO 8601 in UTC
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)


class TextFormatter(logging.Formatter):
    """The developer's one-line format, with the request's or task's id in brackets when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        rid, tid = getattr(record, "request_id", None), getattr(record, "task_id", None)
        record.context_tag = f" [req {rid}]" if rid else f" [task {tid}]" if tid else ""
        return super().format(record)


def bind_request(request: HttpRequest, rid: str) -> tuple[contextvars.Token, ...]:
    return _request_id.set(rid), _request.set(request), _org_id.set(None)


def unbind_request(tokens: tuple[contextvars.Token, ...]) -> None:
    _request_id.reset(tokens[0])
    _request.reset(tokens[1])
    _org_id.reset(tokens[2])

"""The friendly HTML error pages (the API gets the JSON envelope) and the helpers every app's views share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from patentbridge.core.api_support import envelope_response
from patentbridge.core.errors import DomainError, ValidationFailed, readable


def _error(request: HttpRequest, status: int, code: str, title: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return envelope_response(status, code, title)
    return render(request, "core/error.html", {"status": status, "title": title}, status=status)


Result = TypeVar("Result")


def perform(request: HttpRequest, act: Callable[[], Result], done: str | Callable[[Result], str], *,
            refused: Callable[[DomainError], None] | None = None) -> Result | None:
    """Run one service call in its own transaction and tell the user how it went: `done` (or `done(result)`) on
    success, the refusal in plain words otherwise (then `refused(error)`, e.g. to keep what was typed). Returns the
    result, or None when refused (nothing was written)."""
    try:
        with transaction.atomic():
            result = act()
    except DomainError as exc:
        messages.error(request, readable(exc))
        if refused is not None:
            refused(exc)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return result


def form_date(value: str | None) -> dt.date | None:
    """A date typed into a form (YYYY-MM-DD), None when empty, the error envelope's ValidationFailed otherwise."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise ValidationFailed(details={"date": _("Use the form YYYY-MM-DD.")}) from exc


def refused(request: HttpRequest) -> HttpResponse:
    """The page for an action the permission module refused (the refusal itself is already recorded)."""
    return render(request, "core/error.html", {"status": 403, "title": _("Permission denied")}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", gettext("Bad request"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "permission_denied", gettext("Permission denied"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", gettext("Page not found"))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "internal_error", gettext("Server error"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "csrf_failed", gettext("Security check failed: reload and retry"))

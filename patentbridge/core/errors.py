"""Domain errors: each carries a stable code and an HTTP status; one handler renders them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message = gettext_noop("The request could not be completed.")

    def __init__(self, message: str | None = None, *, details: Any = None, code: str | None = None) -> None:
        # A default is a msgid, shown in the reader's language like every message given at the raise.
        self.message = message or gettext(str(self.default_message))
        self.details = details if details is not None else {}
        if code:
            self.code = code
        super().__init__(self.message)

    def envelope(self) -> dict[str, Any]:
        return error_envelope(self.code, self.message, self.details)


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 400
    default_message = gettext_noop("Some fields are not valid.")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = gettext_noop("Sign in or send an API token to do this.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = gettext_noop("You do not have permission to do this.")


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    default_message = _("The CSRF token is missing or wrong: send the csrftoken cookie's value as X-CSRFToken.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = gettext_noop("Not found.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = gettext_noop("This conflicts with an existing record.")


class AuditAppendOnly(DomainError):
    code = "audit_append_only"
    status = 403
    default_message = gettext_noop("The audit trail is append-only: its entries cannot be changed or deleted.")


def error_envelope(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape every API failure uses."""
    return {"error": {"code": code, "message": str(message), "details": details if details is not None else {}}}


def readable(exc: Exception) -> str:
    """A domain error as one sentence for a page: its message, then each detail's text (never a Python repr)."""
    message = getattr(exc, "message", None) or str(exc)
    parts = [_detail_text(value) for value in _detail_values(getattr(exc, "details", None))]
    return "：".join([message, "；".join(p for p in parts if p)]) if any(parts) else message


def _detail_values(details: Any) -> list[Any]:
    if isinstance(details, dict):
        return list(details.values())
    if isinstance(details, list | tuple):
        return list(details)
    return [details] if details else []


def _detail_text(value: Any) -> str:
    if isinstance(value, dict):
        if "message" in value:
            return " ".join(str(value[k]) for k in ("article", "ground", "message", "fix") if value.get(k))
        return "；".join(_detail_text(v) for v in value.values() if v not in (None, "", [], {}))
    if isinstance(value, list | tuple):
        return "；".join(_detail_text(v) for v in value)
    return "" if value in (None, "") else str(value)

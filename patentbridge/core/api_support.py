"""API authentication and the one error envelope."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from patentbridge.core.errors import CsrfFailed, DomainError, error_envelope
from patentbridge.core.models import ApiToken, SecurityEvent, hash_token
from patentbridge.core.selectors import account_locked_out
from patentbridge.core.services import security_event_record

logger = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "validation_error",
              429: "too_many_requests", 500: "internal_error"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer pb_…` with a token created in the admin or by `patentbridge create-api-token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        if account_locked_out(request, api_token.user):
            security_event_record(kind=SecurityEvent.Kind.TOKEN_REFUSED, request=request, user=api_token.user,
                                  detail=f"{api_token.prefix}: account locked out")
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session; unsafe methods also need the CSRF token in `X-CSRFToken`."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Nobody is signed in: a missing sign-in (401), not a forged request (403), whatever the CSRF token.
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return user


def anonymous(request: HttpRequest) -> Any:
    """Public reads: let the request through with whoever (or nobody) is signed in."""
    return getattr(request, "user", None) or AnonymousUser()


READ_AUTH = [TokenAuth(), SessionAuth(), anonymous]
WRITE_AUTH = [TokenAuth(), SessionAuth()]


def envelope_response(status: int, code: str, message: str, details: Any = None) -> JsonResponse:
    return JsonResponse(error_envelope(code, message, details), status=status,
                        json_dumps_params={"ensure_ascii": False})


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return envelope_response(exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
                   for e in exc.errors]
        return envelope_response(422, "validation_error", gettext("the request data is not valid"), details)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return envelope_response(401, "not_authenticated", gettext("sign in or send an API token"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # raised by our parser, wrapped by ninja's body parsing
            return domain_error(request, exc.__cause__)
        return envelope_response(exc.status_code, HTTP_CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(UnreadablePostError)
    def unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
        return envelope_response(400, "bad_request", gettext("the request body cannot be read"),
                                 {"body": str(exc)[:200]})

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return envelope_response(413, "too_large", gettext("the request body is too large"))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # What Django itself answers 400 to (too many fields or files), which the catch-all below would make a 500.
        return envelope_response(400, "bad_request", gettext("bad request"), {"reason": str(exc)[:200]})

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return envelope_response(404, "not_found", str(exc) or gettext("not found"))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error on %s", request.path)
        return envelope_response(500, "internal_error", gettext("internal error; it has been logged"))


class ApiErrorEnvelopeMiddleware:
    """Errors that never reach the API's handlers (unknown URL, wrong method, CSRF) get the envelope too."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        return envelope_response(status, HTTP_CODES.get(status, "error"), response.reason_phrase or "error")

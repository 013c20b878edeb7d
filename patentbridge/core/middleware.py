"""Language choice (Simplified Chinese unless the visitor picked another), the Content-Security-Policy, and each
request's id, access-log line and metrics."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from patentbridge.core import metrics
from patentbridge.core.network import client_address
from patentbridge.core.observability import (
    REQUEST_ID_HEADER,
    bind_request,
    incoming_request_id,
    unbind_request,
)

access_logger = logging.getLogger("patentbridge.access")


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but a browser's Accept-Language never overrides the platform default.

    A provincial platform's pages read in Chinese for everyone (an English-locale office PC included);
    the header's language switch stores an explicit choice in the language cookie, which wins.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, plus the additions settings.CSP_PAGE_UPDATES lists for single pages by URL name."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase,
                         report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        page_update = settings.CSP_PAGE_UPDATES.get(match.view_name) if match and not report_only else None
        if page_update:
            parts.update = {**page_update, **(parts.update or {})}
        return parts


class RequestContextMiddleware:
    """Gives each request its id (response header, every log line, the 500 page), counts its database statements and
    time, and writes one access-log line and the request metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        rid = incoming_request_id(request)
        request.request_id = rid
        tokens = bind_request(request, rid)
        started = time.perf_counter()
        queries = QueryCounter()
        try:
            with connection.execute_wrapper(queries):
                response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            self._record(request, response, time.perf_counter() - started, queries.count)
            return response
        finally:
            unbind_request(tokens)

    def _record(self, request: HttpRequest, response: HttpResponseBase, seconds: float, queries: int) -> None:
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "<unresolved>"
        if view != metrics.METRICS_VIEW_NAME:
            metrics.observe_request(view=view, method=request.method or "", status=response.status_code,
                                    seconds=seconds, queries=queries)
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        access_logger.log(level, "%s %s %s %.0f ms", request.method, request.path, response.status_code,
                          seconds * 1000, extra={
                              "method": request.method, "path": request.path, "status": response.status_code,
                              "duration_ms": round(seconds * 1000, 1), "queries": queries, "view": view,
                              "client": client_address(request)})


class QueryCounter:
    """A database execute wrapper that counts the statements a request runs (one increment each)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)

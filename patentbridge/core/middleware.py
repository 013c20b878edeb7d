"""Language choice (Simplified Chinese unless the visitor picked another) and the Content-Security-Policy."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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

"""The site's URLs plus two views that log and fail, for the request-id tests."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

logger = logging.getLogger("patentbridge.tests.view")


def logs_a_line(request: HttpRequest) -> HttpResponse:
    logger.warning("a line from a view")
    return HttpResponse("ok")


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken on purpose")


urlpatterns = [
    path("test-logs/", logs_a_line),
    path("test-fails/", fails),
    path("", include("patentbridge.urls")),
]
handler500 = "patentbridge.core.views.server_error"

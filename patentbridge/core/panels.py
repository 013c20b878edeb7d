"""Panels: a higher app adds a section to a lower app's page, so that the page's app never imports it.

The page's template names a slot and the object it shows (`{% panels "patents.patent" patent %}`); an app above
registers, in its AppConfig.ready, a function that renders its section for the request and that object, or
returns "" to stay out (NetBox's template extensions follow the same idea).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[HttpRequest, Any], str]

_slots: dict[str, list[Panel]] = {}


def panel_register(slot: str, panel: Panel) -> None:
    """Add a panel to a page's slot, once (ready() can run more than once in tests)."""
    panels = _slots.setdefault(slot, [])
    if panel not in panels:
        panels.append(panel)


def panels_render(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    """The slot's panels in the order their apps were installed; text that is not already safe is escaped."""
    return mark_safe("".join(conditional_escape(panel(request, obj)) for panel in _slots.get(slot, ())))

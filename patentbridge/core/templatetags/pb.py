from typing import Any

from auditlog.models import LogEntry
from django import template
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from patentbridge.core.panels import panels_render

register = template.Library()


@register.filter
def get(mapping: dict, key: Any) -> Any:
    """`{{ mapping|get:key }}`: dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def panels(context: dict, slot: str, obj: Any) -> SafeString:
    """`{% panels "app.page" obj %}`: the sections that apps above this page's app registered for it."""
    return panels_render(slot, context["request"], obj)


def _shown(value: Any) -> str:
    return "—" if value in (None, "", "None") else str(value)


@register.filter
def change_lines(entry: LogEntry) -> list[str]:
    """`{{ entry|change_lines }}`: each change of a change-log entry as "Field: old → new", with the field's
    translated name and choice labels (auditlog's display dictionary), never the stored JSON."""
    return [f"{capfirst(str(name))}: {_shown(values[0])} → {_shown(values[-1])}" if len(values) > 1
            else f"{capfirst(str(name))}: {_shown(values[0])}"
            for name, values in entry.changes_display_dict.items()]

from typing import Any

from auditlog.models import LogEntry
from django import template
from django.utils.safestring import SafeString

from patentbridge.core.panels import panels_render
from patentbridge.core.selectors import audit_change_lines

register = template.Library()


@register.filter
def get(mapping: dict, key: Any) -> Any:
    """`{{ mapping|get:key }}`: dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def panels(context: dict, slot: str, obj: Any) -> SafeString:
    """`{% panels "app.page" obj %}`: the sections that apps above this page's app registered for it."""
    return panels_render(slot, context["request"], obj)



@register.filter
def change_lines(entry: LogEntry) -> list[str]:
    """`{{ entry|change_lines }}`: each change of a change-log entry as "Field: old → new"."""
    return audit_change_lines(entry)

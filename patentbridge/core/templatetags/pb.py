from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key: Any) -> Any:
    """`{{ mapping|get:key }}`: dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None

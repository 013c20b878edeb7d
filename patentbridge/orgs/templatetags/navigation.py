"""`{% nav_items as items %}`: the navigation the permission module offers the signed-in user (orgs.navigation)."""

from __future__ import annotations

from typing import Any

from django import template

from patentbridge.orgs.navigation import NavItem, account_items_for, is_current, nav_items_for, section_items_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context: dict[str, Any]) -> list[NavItem]:
    request = context.get("request")
    return nav_items_for(getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def account_items(context: dict[str, Any]) -> list[NavItem]:
    request = context.get("request")
    return account_items_for(getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def section_items(context: dict[str, Any]) -> list[tuple[NavItem, bool]]:
    request = context.get("request")
    return section_items_for(getattr(request, "user", None), getattr(request, "path", ""))


@register.filter
def current_for(item: NavItem, path: str) -> bool:
    """`{% if item|current_for:request.path %}`: the item is the part of the site being shown."""
    return is_current(item, path)

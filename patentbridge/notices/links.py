"""Where a notice about an object of a lower app should lead, when the page that shows it belongs to a higher app.

A recordation is shown on its open licence's page or its deal's page; recordation cannot import either, so those
apps register, in their AppConfig.ready, a function that returns their page's path for the object, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolver = Callable[[Any], str | None]

_resolvers: dict[str, list[Resolver]] = {}


def link_register(label: str, resolver: Resolver) -> None:
    """Add a page for objects of this label ("rights.grant"), once (ready() can run more than once in tests)."""
    resolvers = _resolvers.setdefault(label, [])
    if resolver not in resolvers:
        resolvers.append(resolver)


def link_for(label: str, obj: Any, default: str) -> str:
    """The first registered page that shows the object, else the default."""
    for resolver in _resolvers.get(label, ()):
        if path := resolver(obj):
            return path
    return default

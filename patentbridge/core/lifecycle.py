"""One shape for every lifecycle: a table of allowed (from, to) steps, and one refusal for any other."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict


def step_require(steps: Collection[tuple[str, str]], current: str, to: str, *, labels: dict[str, str]) -> None:
    """Raise Conflict (code invalid_transition, naming the allowed steps) unless (current, to) is in the table."""
    if (current, to) in steps:
        return
    allowed = sorted(target for source, target in steps if source == current)
    raise Conflict(_("This cannot go from “%(from)s” to “%(to)s”.") % {
        "from": labels.get(current, current), "to": labels.get(to, to)},
        code="invalid_transition", details={"status": current, "allowed": allowed})

"""Events of the register that other apps react to. Sent only after the write has committed."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with `patent_ids` (every patent created or changed by a committed write) and `new_ids` (those created).
patents_changed = Signal()


def announce_changed(patent_ids: list[int], *, new_ids: list[int] | None = None) -> None:
    """Send `patents_changed` once the surrounding transaction commits (at once outside one)."""
    ids, new = list(patent_ids), list(new_ids or [])
    if ids:
        transaction.on_commit(lambda: patents_changed.send(sender=None, patent_ids=ids, new_ids=new))

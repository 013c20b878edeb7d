"""Events of the register that other apps react to. Sent only after the write has committed."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with `patent_ids`: the patents created or changed by a committed write.
patents_changed = Signal()


def announce_changed(patent_ids: list[int]) -> None:
    """Send `patents_changed` once the surrounding transaction commits (at once outside one)."""
    ids = list(patent_ids)
    if ids:
        transaction.on_commit(lambda: patents_changed.send(sender=None, patent_ids=ids))

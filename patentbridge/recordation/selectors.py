"""Reads of recordations."""

from __future__ import annotations

from patentbridge.recordation.models import Recordation


def recordation_of(grant_id: int | None) -> Recordation | None:
    """The recordation (or transfer registration) of a grant, if it has one."""
    if grant_id is None:
        return None
    return Recordation.objects.select_related("grant").filter(grant_id=grant_id).first()

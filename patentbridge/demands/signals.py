"""Events of demands that apps above react to. Sent only after the write has committed."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from patentbridge.demands.models import Demand

# Sent with `demand_id` the first time a demand is published.
demand_published = Signal()


def announce_published(demand: Demand) -> None:
    """Send `demand_published` once the surrounding transaction commits (at once outside one)."""
    demand_id = demand.pk
    transaction.on_commit(lambda: demand_published.send(sender=Demand, demand_id=demand_id))

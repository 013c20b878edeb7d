from typing import Any

from django.dispatch import receiver

from patentbridge.core.queue import enqueue_merging_ids
from patentbridge.demands.models import Demand
from patentbridge.demands.signals import demand_published
from patentbridge.patents.signals import patents_changed
from patentbridge.push.services import demand_author_subscribe
from patentbridge.push.tasks import push_new_patents


@receiver(patents_changed)
def queue_push(sender: Any, patent_ids: list[int], new_ids: list[int] | None = None, **kwargs: Any) -> None:
    if new_ids:
        enqueue_merging_ids(push_new_patents, new_ids)


@receiver(demand_published)
def subscribe_demand_author(sender: Any, demand_id: int, **kwargs: Any) -> None:
    demand = Demand.objects.filter(pk=demand_id).first()
    if demand is not None:
        demand_author_subscribe(demand=demand)

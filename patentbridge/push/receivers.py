from typing import Any

from django.dispatch import receiver

from patentbridge.patents.signals import patents_changed
from patentbridge.push.tasks import push_new_patents


@receiver(patents_changed)
def queue_push(sender: Any, patent_ids: list[int], new_ids: list[int] | None = None, **kwargs: Any) -> None:
    if new_ids:
        push_new_patents.enqueue(new_ids)

from typing import Any

from django.dispatch import receiver

from patentbridge.patents.signals import patents_changed
from patentbridge.search.tasks import index_patents


@receiver(patents_changed)
def queue_indexing(sender: Any, patent_ids: list[int], **kwargs: Any) -> None:
    index_patents.enqueue(patent_ids)

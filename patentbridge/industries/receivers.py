from typing import Any

from django.dispatch import receiver

from patentbridge.core.queue import enqueue_merging_ids
from patentbridge.industries.tasks import classify_patents
from patentbridge.patents.signals import patents_changed


@receiver(patents_changed)
def queue_classification(sender: Any, patent_ids: list[int], **kwargs: Any) -> None:
    """Created patents get their industries, changed ones (new IPC, new applicants) get them again."""
    enqueue_merging_ids(classify_patents, patent_ids)

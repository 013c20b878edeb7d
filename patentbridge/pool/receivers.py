from typing import Any

from django.db import transaction
from django.dispatch import receiver

from patentbridge.patents.signals import patents_changed
from patentbridge.pool.services import inventory_add_owned
from patentbridge.pool.tasks import queue_reassessment


@receiver(patents_changed)
def inventory_and_assess(sender: Any, patent_ids: list[int], new_ids: list[int] | None = None, **kwargs: Any) -> None:
    """An institution's imported patents join its stock inventory; the register is then re-scored."""
    with transaction.atomic():
        inventory_add_owned(patent_ids)
    queue_reassessment()

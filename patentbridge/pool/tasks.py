from django_tasks import task

from patentbridge.core.queue import enqueue_unless_waiting
from patentbridge.pool import services


@task()
def assess_register() -> dict[str, object]:
    """Re-score the whole register (after an import or a configuration change)."""
    summary = services.assess_register()
    return {"assessed": summary.assessed, "tiers": summary.tier_counts, "tier_changes": summary.tier_changes,
            "rewritten": summary.rewritten}


def queue_reassessment() -> None:
    """Queue one re-scoring unless one already waits (it scores the register as it is when it starts)."""
    enqueue_unless_waiting(assess_register)

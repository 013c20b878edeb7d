from django_tasks import task

from patentbridge.push import services
from patentbridge.push.models import Frequency


@task()
def push_new_patents(new_ids: list[int]) -> dict[str, int]:
    """Record the events, notify matching subscribers, and mail those who want it at once."""
    events = services.events_record(new_ids=new_ids)
    created = services.notifications_create(events)
    mailed = services.digests_send(Frequency.INSTANT) if created else 0
    return {"events": len(events), "notifications": created, "mailed": mailed}

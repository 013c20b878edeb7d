from django_tasks import task

from patentbridge.push import services
from patentbridge.push.models import Frequency, PatentEvent


@task()
def push_new_patents(new_ids: list[int]) -> dict[str, int]:
    """Record the events, notify matching subscribers, and mail those who want it at once."""
    return _push(new_ids, PatentEvent.Kind.NEW)


@task()
def push_patent_events(patent_ids: list[int], kind: str) -> dict[str, int]:
    """The same for another kind of event: entering the pool, a tier change, a new open licence."""
    return _push(patent_ids, kind)


def _push(patent_ids: list[int], kind: str) -> dict[str, int]:
    events = services.events_record(patent_ids=patent_ids, kind=kind)
    created = services.notifications_create(events)
    mailed = services.digests_send(Frequency.INSTANT) if created else 0
    return {"events": len(events), "notifications": created, "mailed": mailed}

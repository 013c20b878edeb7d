"""Background indexing, run by `patentbridge db_worker` (or at once under the immediate backend).

Each task commits as it goes (a chunk of documents, a batch of vectors), so it never holds SQLite's write lock for
long and a retry after a failure redoes only what was not stored.
"""

from __future__ import annotations

from django_tasks import task

from patentbridge.core.queue import enqueue_unless_waiting
from patentbridge.search import services

EMBED_BATCH = 512  # embeddings per task run: the index is republished after each, so progress shows


@task()
def index_patents(patent_ids: list[int]) -> dict[str, int]:
    """Re-tokenise the changed patents, republish the indexes, then queue their embeddings."""
    changed = services.documents_refresh(patent_ids)
    if not changed:
        return {"changed": 0}
    counts = services.indexes_rebuild()
    queue_embedding()
    return {"changed": changed, **counts}


@task()
def embed_missing() -> dict[str, int]:
    """Embed up to EMBED_BATCH documents without a current vector, republish, and queue the rest."""
    done = services.vectors_refresh(limit=EMBED_BATCH)
    if not done:
        return {"embedded": 0}
    counts = services.indexes_rebuild()
    if counts["vectors"] < counts["documents"]:
        queue_embedding()
    return {"embedded": done, **counts}


def queue_embedding() -> None:
    """Queue one embedding run unless one already waits: it takes whatever lacks a vector when it starts, so a
    large import (one indexing task per batch) does not pile up runs that would each re-read the register."""
    enqueue_unless_waiting(embed_missing)

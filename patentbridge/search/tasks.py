"""Background indexing, run by `patentbridge db_worker` (or at once under the immediate backend)."""

from __future__ import annotations

from django_tasks import task

from patentbridge.search import services

EMBED_BATCH = 512  # embeddings per task run: the index is republished after each, so progress shows


@task()
def index_patents(patent_ids: list[int]) -> dict[str, int]:
    """Re-tokenise the changed patents, republish the indexes, then queue their embeddings."""
    changed = services.documents_refresh(patent_ids)
    if not changed:
        return {"changed": 0}
    counts = services.indexes_rebuild()
    embed_missing.enqueue()
    return {"changed": changed, **counts}


@task()
def embed_missing() -> dict[str, int]:
    """Embed up to EMBED_BATCH documents without a current vector, republish, and queue the rest."""
    done = services.vectors_refresh(limit=EMBED_BATCH)
    if not done:
        return {"embedded": 0}
    counts = services.indexes_rebuild()
    if counts["vectors"] < counts["documents"]:
        embed_missing.enqueue()
    return {"embedded": done, **counts}

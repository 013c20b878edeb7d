"""Background indexing, run by `patentbridge db_worker` (or at once under the immediate backend)."""

from __future__ import annotations

from django_tasks import task

from patentbridge.search import services


@task()
def index_patents(patent_ids: list[int]) -> dict[str, int]:
    """Re-tokenise the changed patents, republish the lexical index, then queue their embeddings."""
    changed = services.documents_refresh(patent_ids)
    counts = services.indexes_rebuild() if changed else {}
    embed_missing.enqueue()
    return {"changed": changed, **counts}


@task()
def embed_missing() -> dict[str, int]:
    """Embed every document without a current vector, then republish the indexes."""
    done = services.vectors_refresh()
    return {"embedded": done, **(services.indexes_rebuild() if done else {})}

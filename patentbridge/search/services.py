"""Indexing: tokens and vectors into the database (system of record), then index generations published there."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from django.db import transaction

from patentbridge.patents.models import Patent
from patentbridge.search import semantic
from patentbridge.search.bundle import bundle_read, bundle_write, passage_digest
from patentbridge.search.indexes import publish_lexical, publish_vectors
from patentbridge.search.languages import centre, centroids_model, language_of
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.models import SearchDocument
from patentbridge.search.text import TOKENS_VERSION, tokens

Progress = Callable[[Iterable, int], Iterable]
CHUNK = 1000


def lexical_text(patent: dict) -> str:
    """Title twice (it is the most precise statement), then abstract and the first claim's start."""
    title = patent["title"] or ""
    return f"{title} {title} {patent['abstract'] or ''} {(patent['first_claim'] or '')[:300]}"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _plain(items: Iterable, total: int) -> Iterable:
    return items


def documents_refresh(patent_ids: list[int] | None = None, *, progress: Progress = _plain) -> int:
    """Re-tokenise patents whose text changed (all when no ids are given); returns how many changed."""
    queryset = Patent.objects.order_by("pk")
    if patent_ids is not None:
        queryset = queryset.filter(pk__in=patent_ids)
    ids = list(queryset.values_list("pk", flat=True))
    changed = 0
    chunk: list[dict] = []
    for row in progress(_rows_by_chunk(ids), len(ids)):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            changed += _refresh_chunk(chunk)
            chunk = []
    if chunk:
        changed += _refresh_chunk(chunk)
    return changed


def _rows_by_chunk(ids: list[int]) -> Iterable[dict]:
    """The patents' texts, each chunk read whole before any is written: a read left open across the writes
    would pin SQLite's snapshot, and a writer's commit in between would make every later write fail as locked."""
    for start in range(0, len(ids), CHUNK):
        yield from list(Patent.objects.filter(pk__in=ids[start:start + CHUNK]).order_by("pk")
                        .values("pk", "title", "abstract", "first_claim"))


@transaction.atomic
def _refresh_chunk(rows: list[dict]) -> int:
    known = dict(SearchDocument.objects.filter(patent_id__in=[r["pk"] for r in rows]).values_list("patent_id", "text_hash"))
    new, updated = [], []
    for row in rows:
        text = lexical_text(row)
        digest = _hash(f"{TOKENS_VERSION}\n{text}")
        if known.get(row["pk"]) == digest:
            continue
        document = SearchDocument(patent_id=row["pk"], text_hash=digest, tokens=" ".join(tokens(text)))
        (updated if row["pk"] in known else new).append(document)
    SearchDocument.objects.bulk_create(new, batch_size=CHUNK)
    SearchDocument.objects.bulk_update(updated, ["text_hash", "tokens"], batch_size=CHUNK)
    return len(new) + len(updated)


def _stale_passages() -> list[tuple[int, str]]:
    """(patent id, passage text) of every document whose vector is missing, stale or from another model."""
    stored = dict(SearchDocument.objects.filter(vector_model=semantic.model_version())
                  .values_list("patent_id", "vector_text_hash"))
    wanted = []
    for row in Patent.objects.order_by("pk").values("pk", "title", "abstract").iterator(chunk_size=CHUNK):
        text = semantic.passage_text(row["title"], row["abstract"])
        if stored.get(row["pk"]) != _hash(text):
            wanted.append((row["pk"], text))
    return wanted


def _store_vectors(part: list[tuple[int, str]], vectors: Iterable[np.ndarray]) -> None:
    model = semantic.model_version()
    documents = [SearchDocument(patent_id=pk, vector=semantic.to_bytes(vector), vector_model=model,
                                vector_text_hash=_hash(text))
                 for (pk, text), vector in zip(part, vectors, strict=True)]
    with transaction.atomic():
        SearchDocument.objects.bulk_update(documents, ["vector", "vector_model", "vector_text_hash"], batch_size=500)


def _take_from_bundle(wanted: list[tuple[int, str]]) -> tuple[int, list[tuple[int, str]]]:
    """Store the shipped vectors that fit (same model, same passage text); return how many and the rest."""
    shipped = bundle_read()
    if shipped is None or shipped.model != semantic.model_version() or not wanted:
        return 0, wanted
    found = shipped.vectors([passage_digest(text) for _, text in wanted])
    hits = [(pk, text) for pk, text in wanted if passage_digest(text) in found]
    for start in range(0, len(hits), CHUNK):
        part = hits[start:start + CHUNK]
        _store_vectors(part, [found[passage_digest(text)] for _, text in part])
    return len(hits), [(pk, text) for pk, text in wanted if passage_digest(text) not in found]


def vectors_refresh(*, limit: int | None = None, batch: int = 32, progress: Progress = _plain,
                    embed: bool = True) -> int:
    """Give current vectors to the documents lacking one: from the shipped bundle where it has them, else
    by embedding (at most `limit` now; none when `embed` is false). Returns how many were stored."""
    shipped, wanted = _take_from_bundle(_stale_passages())
    if not embed:
        return shipped
    wanted = wanted[:limit] if limit else wanted
    for start in progress(range(0, len(wanted), batch), (len(wanted) + batch - 1) // batch):
        part = wanted[start:start + batch]
        _store_vectors(part, semantic.embed_passages([text for _, text in part]))
    return shipped + len(wanted)


def vectors_bundle_write(path: Path, *, progress: Progress = _plain) -> int:
    """Embed whatever lacks a current vector, then write every current vector to a bundle file."""
    vectors_refresh(progress=progress)
    model = semantic.model_version()
    rows = (SearchDocument.objects.filter(vector_model=model).exclude(vector=None).order_by("patent_id")
            .values_list("vector", "vector_text_hash"))
    seen: dict[bytes, np.ndarray] = {}
    for data, text_hash in rows.iterator(CHUNK):
        seen.setdefault(bytes.fromhex(text_hash), semantic.from_bytes(data))
    matrix = np.vstack(list(seen.values())) if seen else np.zeros((0, semantic.DIM), dtype=np.float32)
    bundle_write(path, list(seen), matrix, model)
    return len(seen)


def indexes_rebuild() -> dict[str, int]:
    """Build the BM25 index and the vector matrix from the database and publish both (search.generations)."""
    ids, token_lists = [], []
    for pk, text in SearchDocument.objects.order_by("patent_id").values_list("patent_id", "tokens").iterator(CHUNK):
        ids.append(pk)
        token_lists.append(text.split())
    publish_lexical(LexicalIndex.build(ids, token_lists))
    model = semantic.model_version()
    vector_rows = SearchDocument.objects.filter(vector_model=model).exclude(vector=None).order_by("patent_id")
    vector_ids, vectors, languages = [], [], []
    rows = vector_rows.values_list("patent_id", "vector", "patent__title", "patent__abstract")
    for pk, data, title, abstract in rows.iterator(CHUNK):
        vector_ids.append(pk)
        vectors.append(semantic.from_bytes(data))
        languages.append(language_of(semantic.passage_text(title, abstract)))
    matrix = np.vstack(vectors) if vectors else np.zeros((0, semantic.DIM), dtype=np.float32)
    if vectors and centroids_model() == model:
        matrix = centre(matrix, languages, "passage")
    publish_vectors(np.asarray(vector_ids, dtype=np.int64), matrix, model)
    return {"documents": len(ids), "vectors": len(vector_ids)}


def index_status() -> dict[str, int | str]:
    model = semantic.model_version()
    return {
        "patents": Patent.objects.count(),
        "documents": SearchDocument.objects.count(),
        "vectors": SearchDocument.objects.filter(vector_model=model).exclude(vector=None).count(),
        "model": model,
    }

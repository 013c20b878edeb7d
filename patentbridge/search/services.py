"""Indexing: tokens and vectors into the database (system of record), then indexes published under var/."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

import numpy as np
from django.db import transaction

from patentbridge.patents.models import Patent
from patentbridge.search import semantic
from patentbridge.search.indexes import publish_vectors
from patentbridge.search.languages import centre, centroids_model, language_of
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.models import SearchDocument
from patentbridge.search.text import tokens

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
    total = queryset.count()
    changed = 0
    rows = queryset.values("pk", "title", "abstract", "first_claim").iterator(chunk_size=CHUNK)
    chunk: list[dict] = []
    for row in progress(rows, total):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            changed += _refresh_chunk(chunk)
            chunk = []
    if chunk:
        changed += _refresh_chunk(chunk)
    return changed


@transaction.atomic
def _refresh_chunk(rows: list[dict]) -> int:
    known = dict(SearchDocument.objects.filter(patent_id__in=[r["pk"] for r in rows]).values_list("patent_id", "text_hash"))
    new, updated = [], []
    for row in rows:
        text = lexical_text(row)
        digest = _hash(text)
        if known.get(row["pk"]) == digest:
            continue
        document = SearchDocument(patent_id=row["pk"], text_hash=digest, tokens=" ".join(tokens(text)))
        (updated if row["pk"] in known else new).append(document)
    SearchDocument.objects.bulk_create(new, batch_size=CHUNK)
    SearchDocument.objects.bulk_update(updated, ["text_hash", "tokens"], batch_size=CHUNK)
    return len(new) + len(updated)


def vectors_refresh(*, limit: int | None = None, batch: int = 32, progress: Progress = _plain) -> int:
    """Embed the documents whose vector is missing, stale or from another model version."""
    model = semantic.model_version()
    patents = Patent.objects.order_by("pk").values("pk", "title", "abstract")
    wanted = []
    stored = dict(SearchDocument.objects.filter(vector_model=model).values_list("patent_id", "vector_text_hash"))
    for row in patents.iterator(chunk_size=CHUNK):
        text = semantic.passage_text(row["title"], row["abstract"])
        if stored.get(row["pk"]) != _hash(text):
            wanted.append((row["pk"], text))
        if limit and len(wanted) >= limit:
            break
    done = 0
    for start in progress(range(0, len(wanted), batch), (len(wanted) + batch - 1) // batch):
        part = wanted[start:start + batch]
        vectors = semantic.embed_passages([text for _, text in part])
        with transaction.atomic():
            for (pk, text), vector in zip(part, vectors, strict=True):
                SearchDocument.objects.filter(patent_id=pk).update(
                    vector=semantic.to_bytes(vector), vector_model=model, vector_text_hash=_hash(text))
        done += len(part)
    return done


def indexes_rebuild() -> dict[str, int]:
    """Build the BM25 index and the vector matrix from the database and publish both."""
    ids, token_lists = [], []
    for pk, text in SearchDocument.objects.order_by("patent_id").values_list("patent_id", "tokens").iterator(CHUNK):
        ids.append(pk)
        token_lists.append(text.split())
    LexicalIndex.build(ids, token_lists).save()
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

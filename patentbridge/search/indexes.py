"""The current lexical and vector indexes of this process, reloaded when a worker publishes new ones."""

from __future__ import annotations

import datetime as dt
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


def _generation(kind: str) -> dict:
    """The generation a pointer file names: its number (from the folder's name), when it was built and its size."""
    pointer = _pointer(kind)
    try:
        meta = json.loads(pointer.read_text())
        stamp = pointer.stat().st_mtime
    except (FileNotFoundError, ValueError):
        return {"number": 0, "built_at": None, "documents": 0}
    suffix = str(meta.get("path", "")).rpartition("-")[2]
    built_at = meta.get("built_at")
    return {"number": int(meta.get("generation") or (suffix if suffix.isdigit() else 0)),
            "built_at": dt.datetime.fromisoformat(built_at) if built_at else
            dt.datetime.fromtimestamp(stamp, tz=dt.UTC),
            "documents": int(meta.get("documents") or meta.get("vectors") or 0)}


def generation_info() -> dict[str, dict]:
    """For "lexical" and "vectors": {"number", "built_at", "documents"} of the generation this process serves
    (a first version reading today's pointer files; issue 17's index generations replace it)."""
    return {kind: _generation(kind) for kind in ("lexical", "vectors")}


def forget() -> None:
    """Drop the cached indexes (tests use a fresh var/ each time)."""
    with _lock:
        _cache.clear()

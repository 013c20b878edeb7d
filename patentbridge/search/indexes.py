"""The lexical and vector indexes this process serves: the newest generation published in the database, fetched
into this host's cache folder (VAR_DIR/search/) when it lacks it. A worker on any host publishes them."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from patentbridge.search import generations
from patentbridge.search.lexical import LexicalIndex, index_root
from patentbridge.search.models import IndexGeneration
from patentbridge.search.semantic import VectorIndex, build_ann, usearch_index

logger = logging.getLogger(__name__)
KINDS = ("lexical", "vectors")


@dataclass
class _Served:
    root: Path
    folder: Path
    generation: IndexGeneration
    value: object
    checked_at: float


_lock = threading.Lock()
_fetching = {kind: threading.Lock() for kind in KINDS}
_served: dict[str, _Served] = {}


def _due(served: _Served | None, root: Path) -> bool:
    if served is None or served.root != root:
        return True
    return time.monotonic() - served.checked_at >= settings.SEARCH_GENERATION_CHECK_SECONDS


def _current(kind: str, loader: Callable[[Path], object]) -> object | None:
    """What this process serves for `kind`, after checking the database at most every
    SEARCH_GENERATION_CHECK_SECONDS. While one thread fetches a new generation the others go on serving the old."""
    root = index_root()
    served = _served.get(kind)
    if not _due(served, root):
        return served.value
    newest = generations.newest(kind)
    same_root = served is not None and served.root == root
    if newest is None:
        _served.pop(kind, None)
        return None
    if same_root and (served.generation.number, served.generation.checksum) == (newest.number, newest.checksum):
        served.checked_at = time.monotonic()
        return served.value
    if same_root and not _fetching[kind].acquire(blocking=False):
        return served.value
    if not same_root:
        _fetching[kind].acquire()
    try:
        return _switch(kind, loader, root, newest, served if same_root else None)
    finally:
        _fetching[kind].release()


def _switch(kind: str, loader: Callable[[Path], object], root: Path, newest: IndexGeneration,
            served: _Served | None) -> object | None:
    try:
        folder = generations.fetch(newest, root)
        value = loader(folder)
    except (generations.GenerationUnusable, OSError, ValueError) as exc:
        logger.error("search: %s generation %s not served (%s); keeping the one served", kind, newest.number, exc)
        if served is None:
            return None
        served.checked_at = time.monotonic()
        return served.value
    with _lock:
        _served[kind] = _Served(root, folder, newest, value, time.monotonic())
    generations.prune_local(kind, root, {folder} | ({served.folder} if served else set()))
    return value


def _load_lexical(folder: Path) -> LexicalIndex:
    return LexicalIndex.load(folder)


def _load_vectors(folder: Path) -> VectorIndex:
    ids = np.load(folder / "ids.npy")
    matrix = np.load(folder / "vectors.npy").astype(np.float32)
    ann = None
    if (folder / "hnsw.usearch").exists():
        ann = usearch_index().restore(str(folder / "hnsw.usearch"), view=True)
    return VectorIndex(ids, matrix, ann)


def current_lexical() -> LexicalIndex | None:
    return _current("lexical", _load_lexical)


def current_vectors() -> VectorIndex | None:
    return _current("vectors", _load_vectors)


def generation_info() -> dict[str, dict]:
    """For each kind, the generation this process serves: number (0 when none), when it was built, documents."""
    info = {}
    for kind in KINDS:
        served = _served.get(kind)
        generation = served.generation if served else None
        info[kind] = {"number": generation.number if generation else 0,
                      "built_at": generation.built_at if generation else None,
                      "documents": generation.documents if generation else 0}
    return info


def _publish(kind: str, write: Callable[[Path], None], *, documents: int, model: str) -> IndexGeneration:
    """Reserve the next number, write the files into a build folder, store them in the database and publish;
    the publishing process then serves it from its next query on."""
    generation = generations.reserve(kind)
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    build = root / f".build-{kind}-{generation.number}-{time.time_ns()}"
    build.mkdir()
    try:
        write(build)
        generation = generations.publish(generation, build, documents=documents, model=model)
        generations.adopt(generation, build, root)
    except Exception:
        try:
            generations.discard(generation)
        except Exception:  # noqa: BLE001 - the build's own error is the one to report
            logger.exception("search: could not discard the failed %s generation %s", kind, generation.number)
        raise
    finally:
        generations.remove_folder(build)
    served = _served.get(kind)
    if served is not None:
        served.checked_at = -float("inf")
    return generation


def publish_lexical(index: LexicalIndex) -> IndexGeneration:
    return _publish("lexical", index.write, documents=len(index), model=f"bm25s-{LexicalIndex.library_version()}")


def publish_vectors(ids: np.ndarray, matrix: np.ndarray, model: str) -> IndexGeneration:
    def write(folder: Path) -> None:
        np.save(folder / "ids.npy", ids)
        np.save(folder / "vectors.npy", matrix.astype(np.float16))
        if len(matrix) > settings.SEARCH_EXACT_LIMIT:
            build_ann(matrix).save(str(folder / "hnsw.usearch"))

    return _publish("vectors", write, documents=len(ids), model=model)


def forget() -> None:
    """Drop what this process serves (tests use a fresh var/ and database each time)."""
    with _lock:
        _served.clear()

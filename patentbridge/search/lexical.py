"""Lexical side: BM25 (bm25s) over jieba tokens, built from the stored tokens and kept under var/search/."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import bm25s
import numpy as np
from django.conf import settings


def index_root() -> Path:
    return Path(settings.VAR_DIR) / "search"


def new_generation(kind: str) -> Path:
    """A fresh folder for the next generation of an index (`lexical`, `vectors`)."""
    return index_root() / f"{kind}-{time.time_ns()}"


def publish_generation(kind: str, directory: Path, meta: dict) -> None:
    """Point `current-<kind>.json` at the written generation atomically, then drop the older ones.

    Readers switch on their next query; a process still reading an old file keeps its open mapping.
    """
    pointer = index_root() / f"current-{kind}.json"
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(json.dumps({"path": directory.name, **meta}))
    temporary.replace(pointer)
    for old in index_root().glob(f"{kind}-*"):
        if old != directory and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


class LexicalIndex:
    def __init__(self, ids: np.ndarray, model: bm25s.BM25) -> None:
        self.ids = ids
        self.model = model
        self.position = {int(pk): i for i, pk in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, ids: list[int], token_lists: list[list[str]]) -> LexicalIndex:
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([tokens or [""] for tokens in token_lists], show_progress=False)
        return cls(np.asarray(ids, dtype=np.int64), model)

    def search(self, query_tokens: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        known = [t for t in query_tokens if t in self.model.vocab_dict]
        if not known or not len(self.ids):
            return []
        scores = self.model.get_scores(known)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(self.ids[i]), float(scores[i])) for i in top if scores[i] > 0]

    def save(self) -> Path:
        """Write a new generation and publish it."""
        directory = new_generation("lexical")
        self.model.save(str(directory), show_progress=False)
        np.save(directory / "ids.npy", self.ids)
        publish_generation("lexical", directory, {"documents": len(self.ids)})
        return directory

    @classmethod
    def load_current(cls) -> LexicalIndex | None:
        pointer = index_root() / "current-lexical.json"
        if not pointer.exists():
            return None
        directory = index_root() / json.loads(pointer.read_text())["path"]
        try:
            model = bm25s.BM25.load(str(directory), mmap=True, show_progress=False, verbosity=0)
            return cls(np.load(directory / "ids.npy"), model)
        except FileNotFoundError:  # replaced by a newer generation between the two reads
            return None

"""Lexical side: BM25 (bm25s) over jieba tokens, built from the stored tokens; published by search.indexes."""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

import bm25s
import numpy as np
from django.conf import settings

# bm25s sets its own logger to DEBUG on import, so "Building index from tokens" would reach every console.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Below this many documents scoring every query token costs well under a millisecond: nothing is left out.
PRUNE_FROM_DOCUMENTS = 10_000


def index_root() -> Path:
    """This host's cache folder of index generations (fetched from the database, see search.generations)."""
    return Path(settings.VAR_DIR) / "search"


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
        if not known or not len(self.ids) or k <= 0:
            return []
        scores = self._scores(self._selective(np.asarray(self.model.get_tokens_ids(known), dtype=np.int64)))
        if mask is not None:
            scores[~mask] = 0.0
        hits = np.flatnonzero(scores)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(int(self.ids[i]), float(scores[i])) for i in hits]

    def _selective(self, token_ids: np.ndarray) -> np.ndarray:
        """The query tokens that single documents out. A token found in more than SEARCH_COMMON_TOKEN_SHARE of
        the documents (装置, 方法, 系统 …) adds little to a score and most of the cost (at 1M documents its
        postings run to hundreds of thousands), so it is left out; when every token is that common, the rarest
        one is kept."""
        if len(self.ids) < PRUNE_FROM_DOCUMENTS:
            return token_ids
        indptr = self.model.scores["indptr"]
        document_frequency = indptr[token_ids + 1] - indptr[token_ids]
        rare = token_ids[document_frequency <= settings.SEARCH_COMMON_TOKEN_SHARE * len(self.ids)]
        return rare if len(rare) else token_ids[[int(np.argmin(document_frequency))]]

    def _scores(self, token_ids: np.ndarray) -> np.ndarray:
        """Summed BM25 contributions from the index's precomputed per-token postings (a document appears at
        most once in a token's postings, so plain fancy-index addition is exact)."""
        data, indices, indptr = (self.model.scores[key] for key in ("data", "indices", "indptr"))
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for token in token_ids:
            start, end = indptr[token], indptr[token + 1]
            scores[indices[start:end]] += data[start:end]
        return scores

    def write(self, folder: Path) -> None:
        """Write the index's files into a folder (published as one generation by search.indexes)."""
        self.model.save(str(folder), show_progress=False)
        np.save(folder / "ids.npy", self.ids)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        model = bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0)
        return cls(np.load(folder / "ids.npy"), model)

    @staticmethod
    def library_version() -> str:
        return version("bm25s")

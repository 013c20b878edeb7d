"""The citation benchmark: a patent as query, the patents it cites as the relevant answers."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from patentbridge.search import semantic
from patentbridge.search.languages import centre, centroids_model, language_of
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import tokens

K_VALUES = (10, 100)


@dataclass
class Benchmark:
    numbers: list[str]
    texts: list[str]
    queries: dict[int, set[int]]  # query position -> relevant positions


def load_benchmark(directory: Path) -> Benchmark:
    texts: dict[str, str] = {}
    with (directory / "cn_abstracts.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(row["publication_number"], row["abstract_zh"])
    with (directory / "other_abstracts.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(row["publication_number"], row["abstract_original_language"])
    with (directory / "patents_full.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = " ".join(filter(None, [record.get("title"), record.get("abstract")]))
            if record.get("abstract"):
                texts[record["publication_number"]] = text
    numbers = sorted(n for n, t in texts.items() if t)
    position = {n: i for i, n in enumerate(numbers)}
    queries: dict[int, set[int]] = {}
    with (directory / "citations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            citing, cited = position.get(row["citing"]), position.get(row["cited"])
            if citing is not None and cited is not None and citing != cited:
                queries.setdefault(citing, set()).add(cited)
    return Benchmark(numbers, [texts[n] for n in numbers], queries)


def metrics(rankings: dict[int, list[int]], queries: dict[int, set[int]]) -> dict[str, float]:
    totals = {"R@10": 0.0, "R@100": 0.0, "nDCG@10": 0.0, "MRR": 0.0}
    for query, relevant in queries.items():
        ranked = [d for d in rankings.get(query, []) if d != query]
        for k in K_VALUES:
            totals[f"R@{k}"] += len(relevant & set(ranked[:k])) / len(relevant)
        dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
        totals["nDCG@10"] += dcg / ideal
        first = next((i for i, d in enumerate(ranked) if d in relevant), None)
        totals["MRR"] += 1 / (first + 1) if first is not None else 0.0
    return {name: round(value / len(queries), 4) for name, value in totals.items()}


def lexical_rankings(bench: Benchmark, depth: int = 100) -> dict[int, list[int]]:
    token_lists = [tokens(text) for text in bench.texts]
    index = LexicalIndex.build(list(range(len(bench.texts))), token_lists)
    return {q: [pk for pk, _ in index.search(list(dict.fromkeys(token_lists[q])), depth + 1)] for q in bench.queries}


def corpus_vectors(bench: Benchmark, cache: Path | None, progress: Callable = lambda it, total: it) -> np.ndarray:
    """Passage embeddings of the whole corpus, cached on disk by content and model version."""
    passages = [text[:200] for text in bench.texts]
    key = hashlib.sha1((semantic.model_version() + "\n".join(passages)).encode()).hexdigest()[:16]
    path = cache / f"bench-vectors-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path).astype(np.float32)
    batches = range(0, len(passages), 32)
    vectors = np.vstack([semantic.embed_passages(passages[i:i + 32]) for i in progress(batches, len(batches))])
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors.astype(np.float16))
    return vectors


def semantic_rankings(bench: Benchmark, vectors: np.ndarray, depth: int = 100) -> dict[int, list[int]]:
    if centroids_model() == semantic.model_version():
        vectors = centre(vectors, [language_of(t) for t in bench.texts], "passage")
    rankings = {}
    for query in bench.queries:
        scores = vectors @ vectors[query]
        top = np.argpartition(-scores, depth + 1)[: depth + 1]
        rankings[query] = [int(i) for i in top[np.argsort(-scores[top])]]
    return rankings


def fuse(*rankings: dict[int, list[int]], k: int = 60, depth: int = 100) -> dict[int, list[int]]:
    fused: dict[int, list[int]] = {}
    for query in rankings[0]:
        scores: dict[int, float] = {}
        for ranking in rankings:
            for rank, doc in enumerate(ranking.get(query, []), start=1):
                scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank)
        fused[query] = sorted(scores, key=lambda d: -scores[d])[: depth + 1]
    return fused

"""The citation benchmark: a patent as query, the patents it cites as the relevant answers."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
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
    years: dict[int, int] = field(default_factory=dict)  # earliest priority year known for a document
    groups: dict[int, set[str]] = field(default_factory=dict)  # classification groups a document was found by
    cites: dict[int, set[int]] = field(default_factory=dict)  # the citation graph (citing -> cited)

    def in_degree(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for cited in self.cites.values():
            for doc in cited:
                counts[doc] = counts.get(doc, 0) + 1
        return counts


def _first_year(buckets: str) -> int | None:
    years = [int(y) for y in buckets.split("|") if y.strip().isdigit()]
    return min(years) if years else None


def load_benchmark(directory: Path) -> Benchmark:
    """Corpus = every publication with an abstract; queries = citing publications; relevant = what they cite."""
    texts: dict[str, str] = {}
    years: dict[str, int] = {}
    groups: dict[str, set[str]] = {}

    def note(number: str, year: int | None, found_by: list[str]) -> None:
        if year:
            years[number] = min(years.get(number, year), year)
        groups.setdefault(number, set()).update(g for g in found_by if g)

    for name, column in (("cn_abstracts.csv", "abstract_zh"), ("other_abstracts.csv", "abstract_original_language")):
        with (directory / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                texts.setdefault(row["publication_number"], row[column])
                note(row["publication_number"], _first_year(row["priority_year_buckets"]),
                     row["cpc_query_groups"].split("|"))
    with (directory / "patents_full.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("abstract"):
                texts[record["publication_number"]] = " ".join(filter(None, [record.get("title"), record["abstract"]]))
            date = record.get("priority_date") or record.get("filing_date") or ""
            note(record["publication_number"], int(date[:4]) if date[:4].isdigit() else None,
                 list(record.get("cpc_query_groups") or []))
    numbers = sorted(n for n, t in texts.items() if t)
    position = {n: i for i, n in enumerate(numbers)}
    cites: dict[int, set[int]] = {}
    with (directory / "citations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            citing, cited = position.get(row["citing"]), position.get(row["cited"])
            if citing is not None and cited is not None and citing != cited:
                cites.setdefault(citing, set()).add(cited)
    return Benchmark(
        numbers, [texts[n] for n in numbers], {q: set(c) for q, c in cites.items()},
        years={position[n]: y for n, y in years.items() if n in position},
        groups={position[n]: g for n, g in groups.items() if n in position}, cites=cites,
    )


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


CHUNK = 1024


def corpus_vectors(bench: Benchmark, cache: Path, progress: Callable = lambda it, total: it) -> np.ndarray:
    """Passage embeddings of the whole corpus, cached on disk in chunks keyed by content and model version.

    Embedding ~28k abstracts takes an hour or more on two cores, so finished chunks survive an interruption.
    """
    passages = [text[:200] for text in bench.texts]
    key = hashlib.sha1((semantic.model_version() + "\n".join(passages)).encode()).hexdigest()[:16]
    directory = cache / f"bench-vectors-{key}"
    directory.mkdir(parents=True, exist_ok=True)
    starts = range(0, len(passages), CHUNK)
    chunks = []
    for start in progress(starts, len(starts)):
        path = directory / f"chunk-{start:07d}.npy"
        if not path.exists():
            part = passages[start:start + CHUNK]
            vectors = np.vstack([semantic.embed_passages(part[i:i + 32]) for i in range(0, len(part), 32)])
            np.save(path.with_suffix(".tmp.npy"), vectors.astype(np.float16))
            path.with_suffix(".tmp.npy").replace(path)
        chunks.append(np.load(path).astype(np.float32))
    return np.vstack(chunks)


def semantic_rankings(bench: Benchmark, vectors: np.ndarray, depth: int = 100) -> dict[int, list[int]]:
    if centroids_model() == semantic.model_version():
        vectors = centre(vectors, [language_of(t) for t in bench.texts], "passage")
    rankings = {}
    for query in bench.queries:
        scores = vectors @ vectors[query]
        top = np.argpartition(-scores, depth + 1)[: depth + 1]
        rankings[query] = [int(i) for i in top[np.argsort(-scores[top])]]
    return rankings


# Chosen on one half of the benchmark's queries (split by a hash of the query id) and checked on the other
# half; see docs/benchmarks.md.
FUSION_K = 30
GRAPH_NEIGHBOURS = 40
GROUP_WEIGHT = 2.0


def fuse(*rankings: dict[int, list[int]], k: int = FUSION_K, depth: int = 100) -> dict[int, list[int]]:
    fused: dict[int, list[int]] = {}
    for query in rankings[0]:
        scores: dict[int, float] = {}
        for ranking in rankings:
            for rank, doc in enumerate(ranking.get(query, []), start=1):
                scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank)
        fused[query] = sorted(scores, key=lambda d: -scores[d])[: depth + 1]
    return fused


def graph_rankings(bench: Benchmark, neighbours: dict[int, list[int]], size: int = GRAPH_NEIGHBOURS,
                   depth: int = 300) -> dict[int, list[int]]:
    """What the query's nearest neighbours cite (their edges only: the query's own are the answers)."""
    rankings = {}
    for query, docs in neighbours.items():
        scores: dict[int, float] = {}
        for rank, neighbour in enumerate([d for d in docs if d != query][:size], start=1):
            for cited in bench.cites.get(neighbour, ()):
                if cited != query:
                    scores[cited] = scores.get(cited, 0.0) + 1 / (10 + rank)
        rankings[query] = sorted(scores, key=lambda d: -scores[d])[:depth]
    return rankings


def rerank(bench: Benchmark, ranking: dict[int, list[int]], *, group_weight: float = GROUP_WEIGHT,
           citation_weight: float = 0.5, depth: int = 100) -> dict[int, list[int]]:
    """Prior art is not younger than the query; shared classification groups and being often cited help."""
    in_degree = bench.in_degree()
    out = {}
    for query, docs in ranking.items():
        own, year, groups = bench.cites.get(query, set()), bench.years.get(query), bench.groups.get(query, set())
        scores: dict[int, float] = {}
        for rank, doc in enumerate(docs, start=1):
            if doc == query or (year and bench.years.get(doc, 0) > year):
                continue
            cited_by_others = in_degree.get(doc, 0) - (1 if doc in own else 0)
            shared = bool(groups & bench.groups.get(doc, set()))
            scores[doc] = (1 / (60 + rank)) * (1 + group_weight * shared) * (1 + citation_weight * math.log1p(cited_by_others))
        out[query] = sorted(scores, key=lambda d: -scores[d])[: depth + 1]
    return out

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

from patentbridge.search import engine, semantic
from patentbridge.search.corpus import DocInfo, applicant_key
from patentbridge.search.languages import centre, centroids_model, language_of
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.ranker import fit_logistic
from patentbridge.search.semantic import VectorIndex
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
    applicants: dict[int, set[str]] = field(default_factory=dict)  # normalised names (full records only)
    cpc_groups: dict[int, set[str]] = field(default_factory=dict)  # CPC main groups (full records only)

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
    applicants: dict[str, set[str]] = {}
    cpc_groups: dict[str, set[str]] = {}

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
            names = {applicant_key(n) for n in (record.get("applicants") or []) + (record.get("assigned_to") or [])}
            applicants[record["publication_number"]] = names - {""}
            cpc_groups[record["publication_number"]] = {c.split("/")[0] for c in record.get("cpc") or [] if "/" in c}
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
        applicants={position[n]: a for n, a in applicants.items() if n in position and a},
        cpc_groups={position[n]: g for n, g in cpc_groups.items() if n in position and g},
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
    """Passage embeddings of the whole corpus (embedding ~28k abstracts takes an hour or more on two cores)."""
    return embed_cached([text[:200] for text in bench.texts], "passage", cache, progress)


def embed_cached(texts: list[str], kind: str, cache: Path, progress: Callable = lambda it, total: it) -> np.ndarray:
    """Embeddings (`kind` 'passage' or 'query') cached on disk in chunks keyed by the texts and the model version,
    so that finished chunks survive an interruption."""
    prefix = "" if kind == "passage" else f"{kind}:"
    key = hashlib.sha1((prefix + semantic.model_version() + "\n".join(texts)).encode()).hexdigest()[:16]
    directory = cache / f"bench-vectors-{key}"
    directory.mkdir(parents=True, exist_ok=True)
    embed = semantic.embed_passages if kind == "passage" else (
        lambda part: np.vstack([semantic.embed_query(text) for text in part]))
    starts = range(0, len(texts), CHUNK)
    chunks = []
    for start in progress(starts, len(starts)):
        path = directory / f"chunk-{start:07d}.npy"
        if not path.exists():
            part = texts[start:start + CHUNK]
            vectors = np.vstack([embed(part[i:i + 32]) for i in range(0, len(part), 32)])
            np.save(path.with_suffix(".tmp.npy"), vectors.astype(np.float16))
            path.with_suffix(".tmp.npy").replace(path)
        chunks.append(np.load(path).astype(np.float32))
    return np.vstack(chunks) if chunks else np.zeros((0, semantic.DIM), dtype=np.float32)


def centred(vectors: np.ndarray, texts: list[str], kind: str) -> np.ndarray:
    """Language-mean centring as the search index applies it, when the centroids belong to this model."""
    if centroids_model() != semantic.model_version():
        return vectors
    return centre(vectors, [language_of(text) for text in texts], kind)


def semantic_rankings(bench: Benchmark, vectors: np.ndarray, depth: int = 100) -> dict[int, list[int]]:
    vectors = centred(vectors, bench.texts, "passage")
    rankings = {}
    for query in bench.queries:
        scores = vectors @ vectors[query]
        top = np.argpartition(-scores, depth + 1)[: depth + 1]
        rankings[query] = [int(i) for i in top[np.argsort(-scores[top])]]
    return rankings


# Chosen on one half of the benchmark's queries (split by a hash of the query id) and checked on the other
# half; see docs/benchmarks.md. The first pass fuses the lists; its top documents are the graph's neighbours.
FUSION_K = engine.FUSION_K
GRAPH_NEIGHBOURS = engine.GRAPH_NEIGHBOURS


def fuse(*rankings: dict[int, list[int]], k: int = FUSION_K, depth: int = 100) -> dict[int, list[int]]:
    fused: dict[int, list[int]] = {}
    for query in rankings[0]:
        scores: dict[int, float] = {}
        for ranking in rankings:
            for rank, doc in enumerate(ranking.get(query, []), start=1):
                scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank)
        fused[query] = sorted(scores, key=lambda d: -scores[d])[: depth + 1]
    return fused


def graph_scores(bench: Benchmark, neighbours: dict[int, list[int]], size: int = GRAPH_NEIGHBOURS
                 ) -> dict[int, dict[int, float]]:
    """What the query's nearest neighbours cite (their edges only: the query's own are the answers),
    weighted by the neighbour's rank."""
    out = {}
    for query, docs in neighbours.items():
        scores: dict[int, float] = {}
        for rank, neighbour in enumerate([d for d in docs if d != query][:size], start=1):
            for cited in bench.cites.get(neighbour, ()):
                if cited != query:
                    scores[cited] = scores.get(cited, 0.0) + 1 / (10 + rank)
        out[query] = scores
    return out


# A learned re-ranker: logistic regression over what each candidate list and the corpus say about a
# (query, candidate) pair, trained on one half of the queries and applied to the other (two-fold cross-fitting,
# so no query is ranked by a model that saw its own answers).
FEATURES = ("lexical", "semantic", "graph", "shared_query_group", "shared_cpc_group", "cited_by_others",
            "years_older", "same_language", "same_applicant")
POOL_DEPTH = 300


def candidate_features(bench: Benchmark, lexical: dict[int, list[int]], semantic_: dict[int, list[int]],
                       graph: dict[int, dict[int, float]], languages: list[str], depth: int = POOL_DEPTH
                       ) -> dict[int, tuple[list[int], np.ndarray]]:
    """Per query: the candidates (top `depth` of each list, none younger than the query) and their features.

    The graph feature is the neighbours' citation score itself, not its rank: how strongly the closest
    documents cite a candidate says more than where it falls among the cited.
    """
    in_degree = bench.in_degree()
    out = {}
    for query in bench.queries:
        ranks = [{doc: r for r, doc in enumerate(ranking.get(query, [])[:depth], start=1)}
                 for ranking in (lexical, semantic_)]
        cited = graph.get(query, {})
        strongest = sorted(cited, key=lambda d: -cited[d])[:depth]
        own, year = bench.cites.get(query, set()), bench.years.get(query)
        groups, cpc = bench.groups.get(query, set()), bench.cpc_groups.get(query, set())
        names = bench.applicants.get(query, set())
        candidates = [doc for doc in dict.fromkeys([*ranks[0], *ranks[1], *strongest])
                      if doc != query and not (year and bench.years.get(doc, 0) > year)]
        rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float32)
        for i, doc in enumerate(candidates):
            doc_year = bench.years.get(doc)
            rows[i] = [
                engine.reciprocal(ranks[0].get(doc)),
                engine.reciprocal(ranks[1].get(doc)),
                math.log1p(10 * cited.get(doc, 0.0)),
                bool(groups & bench.groups.get(doc, set())),
                bool(cpc & bench.cpc_groups.get(doc, set())),
                math.log1p(in_degree.get(doc, 0) - (1 if doc in own else 0)),
                min(year - doc_year, 15) / 15 if year and doc_year else 0.0,
                languages[doc] == languages[query],
                bool(names & bench.applicants.get(doc, set())),
            ]
        out[query] = (candidates, rows)
    return out


def query_half(bench: Benchmark, query: int) -> int:
    return int(hashlib.sha1(bench.numbers[query].encode()).hexdigest(), 16) % 2


def learned_rankings(bench: Benchmark, features: dict[int, tuple[list[int], np.ndarray]],
                     depth: int = 100) -> tuple[dict[int, list[int]], list[np.ndarray]]:
    """Rank each half of the queries with the model fitted on the other half; returns the two models too."""
    models, rankings = [], {}
    for half in (0, 1):
        train = [q for q in features if query_half(bench, q) != half and len(features[q][0])]
        y = np.concatenate([[doc in bench.queries[q] for doc in features[q][0]] for q in train] or [[]])
        # Too few answers to learn from (a tiny benchmark folder): fall back to summing the three lists.
        fallback = np.zeros(len(FEATURES) + 1)
        fallback[:3] = 1.0
        weights = fit_logistic(np.vstack([features[q][1] for q in train]), y.astype(np.float64)) if y.sum() else fallback
        models.append(weights)
        for query, (candidates, rows) in features.items():
            if query_half(bench, query) == half and candidates:
                scores = rows @ weights[:-1]
                order = np.argsort(-scores, kind="stable")[: depth + 1]
                rankings[query] = [candidates[i] for i in order]
    return rankings, models


class BenchmarkCorpus:
    """The benchmark as a `Corpus`: documents are positions; what it knows of each (classification groups found
    by, priority year, applicants, language, the citation graph) stands where the register's knowledge stands."""

    def __init__(self, bench: Benchmark, vectors: np.ndarray | None = None) -> None:
        self.bench = bench
        positions = list(range(len(bench.texts)))
        self.lexical = LexicalIndex.build(positions, [tokens(text) for text in bench.texts])
        self.vectors = (VectorIndex(np.asarray(positions, dtype=np.int64), centred(vectors, bench.texts, "passage"))
                        if vectors is not None else None)
        self.languages = [language_of(text) for text in bench.texts]
        self._in_degree = bench.in_degree()

    def query_vector(self, text: str, query_doc: int | None) -> np.ndarray:
        if query_doc is None:
            return semantic.embed_search_query(text)
        return self.vectors.matrix[query_doc]  # type: ignore[union-attr]  # a document against documents

    def info(self, ids) -> dict[int, DocInfo]:
        b = self.bench
        return {d: DocInfo(frozenset(b.groups.get(d, ())), b.years.get(d), frozenset(b.applicants.get(d, ())),
                           self.languages[d]) for d in ids}

    def cites(self, ids) -> dict[int, set[int]]:
        return {d: self.bench.cites[d] for d in ids if d in self.bench.cites}

    def in_degree(self, ids) -> dict[int, int]:
        return {d: self._in_degree[d] for d in ids if d in self._in_degree}


def engine_rankings(corpus: BenchmarkCorpus, queries, depth: int = 100, model=None, **options
                    ) -> dict[int, list[int]]:
    """What the product's engine (`engine.rank`, the current run's weights unless a model is given) ranks for each
    query patent; `model=None` here means the current run, as the product loads it."""
    extra = {"model": model} if model is not None else {}
    return {q: [r.doc for r in engine.rank(corpus.bench.texts[q], corpus, query_doc=q, depth=engine.CANDIDATES, **extra,
                                    **options).ranked[:depth + 1]] for q in queries}

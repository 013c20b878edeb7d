"""Fitting the re-ranker: training pairs from citations and answers, a held-out half, and the run's record.

Queries are split by a hash of their key: the held-out half is never fitted on and gives the run's figures.
A citing patent is a query (its text, the patent itself as `query_doc`): its cited patents are the positives,
its other candidates the negatives, and its own citations never reach its features (engine.rank leaves them out
of the graph and of the in-degree). A demand is a query too: the patents its enterprise found interesting are
positives, those it called not relevant negatives (other candidates are not judged and are left out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Max

from patentbridge.core.errors import Conflict
from patentbridge.patents.models import Industry, Patent, PatentCitation
from patentbridge.search import engine
from patentbridge.search.corpus import Corpus
from patentbridge.search.evaluation import Benchmark, metrics
from patentbridge.search.models import RankerRun
from patentbridge.search.ranker import FEATURES, Model, fit_logistic, forget, held_out


@dataclass(frozen=True)
class Example:
    key: str  # what the split hashes: "patent:<number>", "demand:<id>", "bench:<number>"
    text: str
    positives: frozenset[int]
    negatives: frozenset[int] | None = None  # None: every other candidate is a negative
    query_doc: int | None = None
    ipc_hints: list[str] | None = None
    industry: Industry | None = None


@dataclass
class Fitted:
    model: Model
    training: dict[str, int]
    held_out: dict[str, float]
    compared_with: dict[str, Any] = field(default_factory=dict)


def _labelled(example: Example, ranked: list[engine.Ranked], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep, labels = [], []
    for i, r in enumerate(ranked):
        if r.doc in example.positives or example.negatives is None or r.doc in example.negatives:
            keep.append(i)
            labels.append(float(r.doc in example.positives))
    return rows[keep], np.asarray(labels)


def _order(ranked: list[engine.Ranked], scores: np.ndarray) -> list[int]:
    return [ranked[i].doc for i in np.argsort(-scores, kind="stable")]


def _fusion_order(ranked: list[engine.Ranked]) -> list[int]:
    """What `rank` gives without a run: the two lists' candidates only, by fused score with the bonuses."""
    fused = [engine.Ranked(r.doc, r.score, r.lexical_rank, r.semantic_rank, shared_classes=r.shared_classes,
                           in_industry=r.in_industry) for r in ranked if r.lexical_rank or r.semantic_rank]
    engine.fusion_scores(fused)
    return [r.doc for r in sorted(fused, key=lambda r: -r.score)]


def fit(corpus: Corpus, examples: Iterable[Example], *, version: int, current: Model | None,
        progress=lambda items: items) -> Fitted:
    """Fit on one half of the queries, measure the new model and the current ranking on the other half."""
    xs, ys, held = [], [], []
    counts = dict.fromkeys(("fitted_queries", "fitted_positives", "fitted_pairs", "held_out_queries"), 0)
    for example in progress(list(examples)):
        ranked, rows = engine.candidate_features(example.text, corpus, query_doc=example.query_doc,
                                                 ipc_hints=example.ipc_hints, industry=example.industry)
        if held_out(example.key):
            held.append((example, ranked, rows))
            continue
        x, y = _labelled(example, ranked, rows)
        if len(y):
            xs.append(x)
            ys.append(y)
            counts["fitted_queries"] += 1
            counts["fitted_positives"] += int(y.sum())
            counts["fitted_pairs"] += len(y)
    if not counts["fitted_positives"]:
        raise Conflict("Nothing to learn from: no query of the fitting half has a positive among its candidates.",
                       code="nothing_to_learn", details=counts)
    weights = fit_logistic(np.vstack(xs), np.concatenate(ys))
    model = Model(version, weights[:-1], float(weights[-1]))
    judged = [(e, r, rows) for e, r, rows in held if e.positives]
    counts["held_out_queries"] = len(judged)
    relevant = {i: set(e.positives) for i, (e, _, _) in enumerate(judged)}
    new = {i: _order(r, model.score(rows)) for i, (_, r, rows) in enumerate(judged)}
    old = {i: (_order(r, current.score(rows)) if current else _fusion_order(r)) for i, (_, r, rows) in enumerate(judged)}
    return Fitted(model, counts, metrics(new, relevant) if judged else {},
                  {"ranker": current.name if current else "fusion", **(metrics(old, relevant) if judged else {})})


def no_worse(fitted: Fitted) -> bool:
    """The new run may replace the current ranking: at least as good on nDCG@10 and R@100 of the held-out half."""
    if not fitted.held_out:
        return False
    return all(fitted.held_out[m] >= fitted.compared_with.get(m, 0.0) for m in ("nDCG@10", "R@100"))


def next_version() -> int:
    return (RankerRun.objects.aggregate(n=Max("version"))["n"] or 0) + 1


@transaction.atomic
def ranker_run_record(*, fitted: Fitted, source: str, created_by: str, force: bool = False) -> RankerRun:
    """Store the run; make it the current one when it is no worse than the current ranking (or when forced)."""
    current = force or no_worse(fitted)
    if current:
        RankerRun.objects.filter(is_current=True).update(is_current=False)
    run = RankerRun.objects.create(
        version=fitted.model.version, created_by=created_by[:150], source=source[:40], features=list(FEATURES),
        weights=[*map(float, fitted.model.weights), fitted.model.bias], training=fitted.training,
        held_out=fitted.held_out, compared_with=fitted.compared_with, is_current=current)
    transaction.on_commit(forget)
    return run


def benchmark_key(number: str) -> str:
    return f"bench:{number}"


def benchmark_examples(bench: Benchmark) -> list[Example]:
    """The citation benchmark's queries as training examples (its documents are positions)."""
    return [Example(benchmark_key(bench.numbers[q]), bench.texts[q], frozenset(cited), query_doc=q)
            for q, cited in sorted(bench.queries.items())]


def register_citation_examples() -> list[Example]:
    """Each register patent that cites register patents, as a query for its prior art."""
    cited: dict[int, set[int]] = {}
    for citing, doc in PatentCitation.objects.filter(citing__isnull=False, cited__isnull=False).values_list(
            "citing_id", "cited_id"):
        cited.setdefault(citing, set()).add(doc)
    patents = Patent.objects.in_bulk(list(cited))
    return [Example(f"patent:{patents[pk].lookup_number}", engine.query_text(patents[pk]), frozenset(docs),
                    query_doc=pk) for pk, docs in sorted(cited.items()) if pk in patents]

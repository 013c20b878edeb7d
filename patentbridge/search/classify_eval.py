"""Accuracy of the nearest-neighbour classifier on the labelled real sets (titles → IPC; BDCI few-shot).

The neighbours are found as the product finds them: BM25 hits and, given `embed` (a function from texts and
kind to vectors), embedding hits of the query against the labelled passages, fused by reciprocal rank.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from patentbridge.search import semantic
from patentbridge.search.classify import NEIGHBOURS, knn_votes
from patentbridge.search.engine import fused_order
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import tokens

Embed = Callable[[list[str], str], np.ndarray]


def _vector_hits(passages: np.ndarray, query: np.ndarray, allowed: np.ndarray) -> list[tuple[int, float]]:
    scores = np.where(allowed, passages @ query, -np.inf)
    top = np.argsort(-scores)[:NEIGHBOURS]
    return [(int(i), float(scores[i])) for i in top if np.isfinite(scores[i])]


def _neighbours(index: LexicalIndex, query_tokens: list[str], vectors: tuple[np.ndarray, np.ndarray] | None,
                i: int, allowed: np.ndarray) -> list[int]:
    lexical = [(pk, s) for pk, s in index.search(list(dict.fromkeys(query_tokens)), NEIGHBOURS + 1) if pk != i]
    vector = _vector_hits(vectors[0], vectors[1][i], allowed) if vectors is not None else []
    return fused_order(lexical[:NEIGHBOURS], vector)[:NEIGHBOURS]


def titles_ipc(path: Path, embed: Embed | None = None) -> dict[str, float]:
    """5-fold (the file's own folds): top-1 precision, recall@3 of subclasses, and neighbour precision@10."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {i: r["ipc_subclasses"].split("|") for i, r in enumerate(rows)}
    token_lists = [tokens(r["title"]) for r in rows]
    vectors = None
    if embed is not None:
        vectors = (embed([semantic.passage_text(r["title"], "") for r in rows], "passage"),
                   embed([r["title"] for r in rows], "query"))
    folds = np.array([r["upstream_fold"] for r in rows])
    top1 = recall3 = neighbour_precision = 0.0
    for fold in sorted(set(folds)):
        train = [i for i in range(len(rows)) if folds[i] != fold]
        index = LexicalIndex.build(train, [token_lists[i] for i in train])
        for i in np.flatnonzero(folds == fold):
            ranked = _neighbours(index, token_lists[i], vectors, int(i), folds != fold)
            hits = [(pk, 0.0) for pk in ranked]
            predicted = knn_votes(hits, labels)
            truth = set(labels[i])
            top1 += bool(predicted[:1] and predicted[0] in truth)
            recall3 += len(truth & set(predicted[:3])) / len(truth)
            neighbour_precision += sum(bool(truth & set(labels[pk])) for pk in ranked[:10]) / 10
    n = len(rows)
    return {"precision@1": round(top1 / n, 4), "recall@3": round(recall3 / n, 4),
            "neighbour_precision@10": round(neighbour_precision / n, 4), "documents": n}


def fewshot(path: Path, embed: Embed | None = None) -> dict[str, float]:
    """Leave-one-out accuracy and macro-F1 on the 36 anonymised BDCI classes (title + abstract)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {i: [r["label_id"]] for i, r in enumerate(rows)}
    texts = [f"{r['title']} {r['abstract']}" for r in rows]
    token_lists = [tokens(text) for text in texts]
    vectors = None
    if embed is not None:
        vectors = (embed([semantic.passage_text(r["title"], r["abstract"]) for r in rows], "passage"),
                   embed([text[:1000] for text in texts], "query"))
    index = LexicalIndex.build(list(range(len(rows))), token_lists)
    predictions = []
    for i in range(len(rows)):
        others = np.arange(len(rows)) != i
        ranked = _neighbours(index, token_lists[i], vectors, i, others)
        predicted = knn_votes([(pk, 0.0) for pk in ranked], labels)
        predictions.append(predicted[0] if predicted else "")
    truth = [r["label_id"] for r in rows]
    accuracy = sum(p == t for p, t in zip(predictions, truth, strict=True)) / len(rows)
    f1s = []
    for label in set(truth):
        tp = sum(p == t == label for p, t in zip(predictions, truth, strict=True))
        fp = sum(p == label != t for p, t in zip(predictions, truth, strict=True))
        fn = sum(t == label != p for p, t in zip(predictions, truth, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"accuracy": round(accuracy, 4), "macro_f1": round(sum(f1s) / len(f1s), 4), "documents": len(rows)}

"""Accuracy of the nearest-neighbour classifier on the labelled real sets (titles → IPC; BDCI few-shot)."""

from __future__ import annotations

import csv
from pathlib import Path

from patentbridge.search.classify import NEIGHBOURS, knn_votes
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import tokens


def titles_ipc(path: Path) -> dict[str, float]:
    """5-fold (the file's own folds): top-1 precision, recall@3 of subclasses, and neighbour precision@10."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {i: r["ipc_subclasses"].split("|") for i, r in enumerate(rows)}
    token_lists = [tokens(r["title"]) for r in rows]
    top1 = recall3 = neighbour_precision = 0.0
    for fold in sorted({r["upstream_fold"] for r in rows}):
        train = [i for i, r in enumerate(rows) if r["upstream_fold"] != fold]
        test = [i for i, r in enumerate(rows) if r["upstream_fold"] == fold]
        index = LexicalIndex.build(train, [token_lists[i] for i in train])
        for i in test:
            hits = index.search(list(dict.fromkeys(token_lists[i])), NEIGHBOURS)
            predicted = knn_votes(hits, labels)
            truth = set(labels[i])
            top1 += bool(predicted[:1] and predicted[0] in truth)
            recall3 += len(truth & set(predicted[:3])) / len(truth)
            shared = [bool(truth & set(labels[pk])) for pk, _ in hits[:10]]
            neighbour_precision += sum(shared) / 10
    n = len(rows)
    return {"precision@1": round(top1 / n, 4), "recall@3": round(recall3 / n, 4),
            "neighbour_precision@10": round(neighbour_precision / n, 4), "documents": n}


def fewshot(path: Path) -> dict[str, float]:
    """Leave-one-out accuracy and macro-F1 on the 36 anonymised BDCI classes (title + abstract)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {i: [r["label_id"]] for i, r in enumerate(rows)}
    token_lists = [tokens(f"{r['title']} {r['abstract']}") for r in rows]
    index = LexicalIndex.build(list(range(len(rows))), token_lists)
    predictions = []
    for i in range(len(rows)):
        hits = [(pk, s) for pk, s in index.search(list(dict.fromkeys(token_lists[i])), NEIGHBOURS + 1) if pk != i]
        predicted = knn_votes(hits[:NEIGHBOURS], labels)
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

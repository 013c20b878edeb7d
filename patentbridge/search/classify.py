"""IPC and industry suggestions for free text: a nearest-neighbour classifier over the indexed register.

The labelled examples are the register's own patents (the bundled real data: examiner-assigned IPC,
incoPat's GB/T 4754 mapping); the neighbours are the BM25 hits of the text, each voting for its
classes with weight 1/rank.
"""

from __future__ import annotations

from collections import Counter

from patentbridge.patents.models import Patent
from patentbridge.search.indexes import current_lexical
from patentbridge.search.text import tokens

NEIGHBOURS = 20


def _neighbours(text: str) -> list[int]:
    index = current_lexical()
    if index is None:
        return []
    return [pk for pk, _ in index.search(list(dict.fromkeys(tokens(text))), NEIGHBOURS)]


def suggest_ipc(text: str, limit: int = 3) -> list[str]:
    """The IPC subclasses most voted for by the text's nearest patents."""
    ranked = _neighbours(text)
    codes = dict(Patent.objects.filter(pk__in=ranked).values_list("pk", "ipc_codes"))
    votes: Counter[str] = Counter()
    for rank, pk in enumerate(ranked, start=1):
        for subclass in dict.fromkeys(c[:4] for c in codes.get(pk) or []):
            votes[subclass] += 1 / rank
    return [code for code, _ in votes.most_common(limit)]


def suggest_industry(text: str) -> str | None:
    """The GB/T 4754 class (4 digits) most voted for by the text's nearest patents, if they carry one."""
    ranked = _neighbours(text)
    codes = dict(Patent.objects.filter(pk__in=ranked).values_list("pk", "industry_codes"))
    votes: Counter[str] = Counter()
    for rank, pk in enumerate(ranked, start=1):
        for code in codes.get(pk) or []:
            digits = code.lstrip("ABCDEFGHIJKLMNOPQRST")
            if len(digits) == 4 and digits.isdigit():
                votes[digits] += 1 / rank
    return votes.most_common(1)[0][0] if votes else None


def knn_votes(index_ids: list[int], hits: list[tuple[int, float]], labels: dict[int, list[str]]) -> list[str]:
    """Labels ordered by the summed 1/rank votes of the neighbours (used by the evaluation below)."""
    votes: Counter[str] = Counter()
    for rank, (pk, _score) in enumerate(hits, start=1):
        for label in labels[pk]:
            votes[label] += 1 / rank
    return [label for label, _ in votes.most_common()]

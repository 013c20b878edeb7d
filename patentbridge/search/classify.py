"""IPC and industry suggestions for free text: a nearest-neighbour classifier over the indexed register.

The labelled examples are the register's own patents (the bundled real data: examiner-assigned IPC,
incoPat's GB/T 4754 mapping); the neighbours are the text's BM25 and embedding hits fused by reciprocal
rank (BM25 alone while vectors are still being computed), each voting for its classes with weight 1/rank.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from patentbridge.patents.industries import industry_classes
from patentbridge.patents.models import Patent
from patentbridge.search.corpus import semantic_ready
from patentbridge.search.engine import fused_order, retrieve
from patentbridge.search.indexes import current_lexical, current_vectors
from patentbridge.search.text import tokens

NEIGHBOURS = 20


def _neighbours(text: str) -> list[int]:
    index = current_lexical()
    if index is None:
        return []
    vectors = current_vectors()
    if vectors is not None and not semantic_ready(vectors, index):
        vectors = None
    return fused_order(*retrieve(text, list(dict.fromkeys(tokens(text))), index, vectors, depth=NEIGHBOURS))[:NEIGHBOURS]


@dataclass(frozen=True)
class Suggestion:
    ipc_hints: list[str]
    industry: str | None


def suggest(text: str, limit: int = 3) -> Suggestion:
    """IPC subclasses and the GB/T 4754 class most voted for by the text's nearest patents (one search)."""
    hits = [(pk, 0.0) for pk in _neighbours(text)]
    rows = Patent.objects.filter(pk__in=[pk for pk, _ in hits]).values_list("pk", "ipc_codes", "industry_codes")
    subclasses, industries = {}, {}
    for pk, ipc_codes, industry_codes in rows:
        subclasses[pk] = list(dict.fromkeys(c[:4] for c in ipc_codes or []))
        industries[pk] = industry_classes(industry_codes or [])
    industry = knn_votes(hits, industries)[:1]
    return Suggestion(knn_votes(hits, subclasses)[:limit], industry[0] if industry else None)


def knn_votes(hits: list[tuple[int, float]], labels: dict[int, list[str]]) -> list[str]:
    """Labels ordered by the summed 1/rank votes of the neighbours."""
    votes: Counter[str] = Counter()
    for rank, (pk, _score) in enumerate(hits, start=1):
        for label in labels.get(pk, []):
            votes[label] += 1 / rank
    return [label for label, _ in votes.most_common()]

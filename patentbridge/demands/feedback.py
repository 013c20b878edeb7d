"""How well the engine's ranking agrees with what enterprises answered about the matches they were sent.

Each answered demand is searched again as the engine ranks it (without the answers' own re-ranking), and
the answers are read as judgements: an engine that serves its users ranks the patents they found
interesting above those they called not relevant.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from patentbridge.demands.models import Demand, Match, MatchStatus
from patentbridge.demands.services import engine_matches
from patentbridge.search.training import Example

ANSWERED = (MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT)


@dataclass
class FeedbackFigures:
    demands: int
    interested: int
    not_relevant: int
    interested_share: float | None
    pairwise_order: float | None  # share of (interesting, not relevant) pairs of one demand ranked in that order
    interested_mrr: float | None
    not_relevant_mrr: float | None
    interested_in_top10: float | None
    depth: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _pairwise(interested: list[int | None], not_relevant: list[int | None]) -> list[float]:
    """1 per pair in the right order, 0 in the wrong one, ½ for a tie; a patent beyond the depth ranks last."""
    def key(rank: int | None) -> float:
        return rank if rank is not None else float("inf")

    return [1.0 if key(i) < key(n) else 0.5 if key(i) == key(n) else 0.0 for i in interested for n in not_relevant]


def feedback_figures(depth: int = 100) -> FeedbackFigures:
    answers: dict[int, dict[str, list[int]]] = {}
    for demand_id, patent_id, status in Match.objects.filter(status__in=ANSWERED).values_list(
            "demand_id", "patent_id", "status"):
        answers.setdefault(demand_id, {s: [] for s in ANSWERED})[status].append(patent_id)
    pairs: list[float] = []
    reciprocal: dict[str, list[float]] = {s: [] for s in ANSWERED}
    top10: list[float] = []
    for demand in Demand.objects.filter(pk__in=answers):
        ranks = {hit.patent.pk: rank for rank, hit in enumerate(engine_matches(demand, limit=depth).hits, start=1)}
        given = {status: [ranks.get(pk) for pk in patents] for status, patents in answers[demand.pk].items()}
        pairs += _pairwise(given[MatchStatus.INTERESTED], given[MatchStatus.NOT_RELEVANT])
        for status, found in given.items():
            reciprocal[status] += [1 / rank if rank else 0.0 for rank in found]
        top10 += [1.0 if rank is not None and rank <= 10 else 0.0 for rank in given[MatchStatus.INTERESTED]]
    interested, not_relevant = (len(reciprocal[s]) for s in ANSWERED)
    return FeedbackFigures(
        demands=len(answers), interested=interested, not_relevant=not_relevant,
        interested_share=_mean([1.0] * interested + [0.0] * not_relevant),
        pairwise_order=_mean(pairs), interested_mrr=_mean(reciprocal[MatchStatus.INTERESTED]),
        not_relevant_mrr=_mean(reciprocal[MatchStatus.NOT_RELEVANT]), interested_in_top10=_mean(top10), depth=depth)


def answer_examples() -> list[Example]:
    """Each answered demand as a training query for the re-ranker: interesting patents positive, not relevant
    negative (the demand's text, IPC hints and industry, as the engine searches it)."""
    answers: dict[int, dict[str, set[int]]] = {}
    for demand_id, patent_id, status in Match.objects.filter(status__in=ANSWERED).values_list(
            "demand_id", "patent_id", "status"):
        answers.setdefault(demand_id, {s: set() for s in ANSWERED})[status].add(patent_id)
    return [Example(f"demand:{demand.pk}", demand.search_text[:500],
                    frozenset(answers[demand.pk][MatchStatus.INTERESTED]),
                    negatives=frozenset(answers[demand.pk][MatchStatus.NOT_RELEVANT]),
                    ipc_hints=demand.ipc_hints, industry=demand.industry)
            for demand in Demand.objects.filter(pk__in=answers).select_related("industry").order_by("pk")]

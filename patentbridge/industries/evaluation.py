"""How well each route agrees with incoPat's industry codes on the records held back from learning.

The reference is itself a vendor's IPC-based mapping, not a person's judgement, so agreement measures how close a
route comes to that mapping, not whether a patent truly belongs to an industry (docs/domain.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from patentbridge.industries import learning
from patentbridge.industries.models import DeclaredIndustry, IntensiveIndustry, Route
from patentbridge.industries.services import Classifier, applicant_weights
from patentbridge.orgs.names import normalize_name
from patentbridge.patents.models import Industry
from patentbridge.patents.reference import csv_rows

NOT_INTENSIVE = "-"
LEVELS = ("small class", "division", "intensive class")


@dataclass(frozen=True)
class Heldback:
    example: learning.Example
    applicants: tuple[str, ...]


@dataclass
class Score:
    rows: int = 0
    covered: int = 0
    top1: int = 0
    overlap: int = 0

    def line(self) -> str:
        share = lambda n, d: f"{n / d:.1%}" if d else "n/a"  # noqa: E731
        return (f"coverage {share(self.covered, self.rows)} ({self.covered}/{self.rows})  "
                f"top-1 {share(self.top1, self.covered)}  any-overlap {share(self.overlap, self.covered)}")


@dataclass
class Report:
    training: int
    held_back: int
    scores: dict[tuple[str, str], Score]  # (route, level) → score


def _level_maps() -> dict[str, Callable[[str], str]]:
    intensive = dict(IntensiveIndustry.objects.values_list("industry_id", "category__parent_id"))
    return {"small class": lambda c: c, "division": lambda c: c[:2],
            "intensive class": lambda c: intensive.get(c, NOT_INTENSIVE)}


def _score(score: Score, predicted: dict[str, float], truth: frozenset[str], to_level: Callable[[str], str]) -> None:
    score.rows += 1
    if not predicted:
        return
    score.covered += 1
    wanted = {to_level(c) for c in truth}
    top = max(predicted, key=lambda c: (predicted[c], c))
    score.top1 += to_level(top) in wanted
    score.overlap += bool({to_level(c) for c in predicted} & wanted)


def _declared_by_name() -> dict[str, list[str]]:
    declared: dict[str, list[str]] = {}
    for name, code in DeclaredIndustry.objects.values_list("organisation__name", "industry_id"):
        declared.setdefault(normalize_name(name), []).append(code)
    return declared


def read(directory: Path) -> tuple[list[learning.Example], list[Heldback]]:
    """(training examples, held-back records with their applicants' names)."""
    names = {row["publication_number"]: tuple(a for a in (row.get("applicants") or "").split("|") if a)
             for path in sorted(directory.glob("*.csv*")) for row in csv_rows(path)}
    training, held = [], []
    for example in learning.examples(directory):
        if learning.held_back(example.split_key):
            held.append(Heldback(example, names.get(example.publication_number, ())))
        else:
            training.append(example)
    return training, held


def evaluate(training: Iterable[learning.Example], held: list[Heldback]) -> Report:
    """Learn from the training records, then score every route at every level on the held-back ones."""
    training = list(training)
    small = set(Industry.objects.filter(level="小类").values_list("code", flat=True))
    table = {key: learning.KeyShares(s.support, {i: v for i, v in s.shares.items() if i in small})
             for key, s in learning.learn(training).items()}
    classifier = Classifier.load()
    classifier.table = table
    declared = _declared_by_name()
    maps = _level_maps()
    scores = {(route, level): Score() for route in Route.values for level in LEVELS}
    for record in held:
        codes, truth = record.example.ipc_codes, record.example.industries
        predictions = {
            Route.APPLICANT: applicant_weights([normalize_name(a) for a in record.applicants], declared),
            Route.CONCORDANCE: classifier.concordance(codes),
            Route.EMPIRICAL: classifier.empirical(codes),
        }
        for route, predicted in predictions.items():
            for level, to_level in maps.items():
                _score(scores[route, level], predicted, truth, to_level)
    return Report(len(training), len(held), scores)

"""The empirical route: an IPC → GB/T 4754 table learned from incoPat's industry codes (国民经济分类) in the bundled
exports, and the prediction it gives a patent's IPC codes.

incoPat assigns its codes from IPC (SOURCE.md of cn_patent_db_exports), so the table learns the vendor's mapping, not
anyone's judgement of the patents. A record is used for training or held back for evaluation by a hash of its
application number (the publication number where it has none), so the split is the same on every machine and
every run, and an application's A and B publications (same IPC, same codes) never fall on both sides.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from patentbridge.industries.rules import compact
from patentbridge.patents.industries import industry_classes
from patentbridge.patents.reference import csv_rows

HELD_BACK_BUCKETS = 2  # of 10: one record in five is kept out of training for `eval-industries`
MIN_SUPPORT = 3  # training patents a key needs before its shares are trusted; fewer backs off to the subclass
MIN_SHARE = 0.2  # shares below this are not stored: noise from the other IPC codes of multi-code patents
KEEP_RATIO = 0.5  # a patent keeps the industries scoring at least half its best one


@dataclass(frozen=True)
class Example:
    publication_number: str
    split_key: str  # the application number, else the publication number
    ipc_codes: tuple[str, ...]
    industries: frozenset[str]


@dataclass(frozen=True)
class KeyShares:
    support: int
    shares: dict[str, float]


Table = dict[tuple[str, str], KeyShares]  # (level, key) → shares


def held_back(split_key: str) -> bool:
    """Whether a record is kept for evaluation (stable: a hash of its application number)."""
    return hashlib.sha256(split_key.encode()).digest()[0] % 10 < HELD_BACK_BUCKETS


def main_group(code: str) -> str:
    """G06F40/279 → G06F40; a bare subclass (Patentics gives only G06F) has none."""
    code = compact(code)
    return code.split("/", 1)[0] if "/" in code else ""


def subclass(code: str) -> str:
    return compact(code)[:4]


def examples(directory: Path) -> Iterator[Example]:
    """The exports' records that carry both IPC and incoPat industry codes."""
    for path in sorted(directory.glob("*.csv*")):
        for row in csv_rows(path):
            codes = [c for c in (row.get("ipc") or "").split("|") if c.strip()] or \
                [c for c in [row.get("ipc_main") or ""] if c.strip()]
            industries = frozenset(industry_classes((row.get("nic_codes_incopat") or "").split("|")))
            if codes and industries and row.get("publication_number"):
                split_key = (row.get("application_number") or "").strip() or row["publication_number"]
                yield Example(row["publication_number"], split_key, tuple(codes), industries)


def learn(training: Iterable[Example]) -> Table:
    """For each main group and subclass: how many training patents carry it, and the share of them incoPat put in
    each industry (shares under MIN_SHARE dropped)."""
    support: Counter[tuple[str, str]] = Counter()
    together: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for example in training:
        keys = {("main_group", main_group(c)) for c in example.ipc_codes if main_group(c)}
        keys |= {("subclass", subclass(c)) for c in example.ipc_codes if len(subclass(c)) == 4}
        for key in keys:
            support[key] += 1
            together[key].update(example.industries)
    return {key: KeyShares(n, {ind: c / n for ind, c in together[key].items() if c / n >= MIN_SHARE})
            for key, n in support.items()}


def shares_for(code: str, table: Table) -> dict[str, float]:
    """A code's shares: its main group's when enough training patents carry it, else its subclass's, else none."""
    for key in (("main_group", main_group(code)), ("subclass", subclass(code))):
        found = table.get(key)
        if found is not None and found.support >= MIN_SUPPORT and found.shares:
            return found.shares
    return {}


def predict(ipc_codes: Iterable[str], table: Table) -> dict[str, float]:
    """Industry → weight (summing to 1) for a patent's IPC codes: each code's shares averaged, the industries
    scoring at least KEEP_RATIO of the best kept and renormalised; {} when no code is known."""
    per_code = [s for s in (shares_for(code, table) for code in dict.fromkeys(ipc_codes) if code) if s]
    if not per_code:
        return {}
    score: Counter[str] = Counter()
    for shares in per_code:
        for industry, share in shares.items():
            score[industry] += share / len(per_code)
    best = max(score.values())
    kept = {ind: s for ind, s in score.items() if s >= KEEP_RATIO * best}
    total = sum(kept.values())
    return {ind: s / total for ind, s in sorted(kept.items(), key=lambda item: (-item[1], item[0]))}

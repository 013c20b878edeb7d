"""From a patent to the demands and enterprises that may want it (the office's side of matching)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Max

from patentbridge.demands.models import Demand
from patentbridge.demands.selectors import LIVE, demands_visible_to
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation
from patentbridge.patents.models import Patent, PatentClassification
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import FILLER_WORDS, TOKENS_VERSION, tokens

IPC_BONUS = 0.5  # relative to the best text score


@dataclass
class DemandCandidate:
    demand: Demand
    score: float
    matched_terms: list[str] = field(default_factory=list)
    shared_ipc: list[str] = field(default_factory=list)


@dataclass
class EnterpriseCandidate:
    organisation: Organisation
    patents_in_classes: int
    subclasses: list[str]


@dataclass
class _LiveDemands:
    """The BM25 index over every live demand's stored tokens, with their IPC hints, by position."""

    key: tuple
    built_at: float
    pks: np.ndarray
    tokens: list[list[str]]
    hints: list[list[str]]
    index: LexicalIndex


_live: dict[str, _LiveDemands] = {}
_live_lock = threading.Lock()
# The key rests on the application servers' clocks (updated_at); a rebuild at least this often bounds the harm
# of a skewed clock or of a save stamped before another that commits after it.
MAX_INDEX_AGE_S = 600


def _current(key: tuple) -> _LiveDemands | None:
    cached = _live.get("current")
    if cached is not None and cached.key == key and time.monotonic() - cached.built_at < MAX_INDEX_AGE_S:
        return cached
    return None


def _live_demands() -> _LiveDemands | None:
    """Rebuilt only when the live demands change (a count, the last change and the last id say when), so a patent
    page pays for the index once per change of the demands rather than once per view.

    The index's word statistics cover every live demand, also those a given user may not see; only visible
    demands are ranked and shown."""
    live = Demand.objects.filter(status__in=LIVE)
    key = tuple(live.aggregate(n=Count("pk"), changed=Max("updated_at"), last=Max("pk")).values())
    if (cached := _current(key)) is not None:
        return cached
    with _live_lock:
        if (cached := _current(key)) is not None:  # built by another thread while this one waited
            return cached
        rows = list(live.order_by("pk").values_list("pk", "search_tokens", "search_tokens_version", "ipc_hints"))
        if not rows:
            return None
        fresh = _retokenise([pk for pk, stored, version, _ in rows if not stored or version != TOKENS_VERSION])
        demand_tokens = [fresh.get(pk, stored) for pk, stored, _, _ in rows]
        built = _LiveDemands(key, time.monotonic(), np.array([pk for pk, *_ in rows], dtype=np.int64),
                             demand_tokens, [hints or [] for *_, hints in rows],
                             LexicalIndex.build(list(range(len(rows))), demand_tokens))
        _live["current"] = built
        return built


def _retokenise(pks: list[int]) -> dict[int, list[str]]:
    """Tokens for demands saved before they were stored or by an older tokenizer, written back once (bulk_update
    leaves updated_at alone, so the index key does not move)."""
    fresh: dict[int, list[str]] = {}
    for start in range(0, len(pks), 500):
        demands = list(Demand.objects.filter(pk__in=pks[start:start + 500]))
        for demand in demands:
            fresh[demand.pk] = demand.refresh_tokens()
        Demand.objects.bulk_update(demands, ["search_tokens", "search_tokens_version"])
    return fresh


def demands_for_patent(patent: Patent, user: Any, limit: int = 10) -> list[DemandCandidate]:
    """Live demands the user may see, ranked by BM25 of the patent's words against them and shared IPC.

    The index covers every live demand; what the user may not see is masked out before ranking."""
    live = _live_demands()
    if live is None:
        return []
    visible = np.isin(live.pks, np.fromiter(demands_visible_to(user).filter(status__in=LIVE)
                                            .values_list("pk", flat=True), dtype=np.int64))
    if not visible.any():
        return []
    query = list(dict.fromkeys(tokens(f"{patent.title} {patent.abstract[:300]}")))
    scored = dict(live.index.search(query, len(live.pks), visible))
    best = max(scored.values(), default=0.0) or 1.0
    subclasses = {c[:4] for c in patent.ipc_codes}
    ranked = []
    for position in np.flatnonzero(visible):
        shared = sorted(subclasses & set(live.hints[position]))
        score = scored.get(int(position), 0.0) / best + (IPC_BONUS if shared else 0.0)
        if score > 0:
            ranked.append((score, int(live.pks[position]), int(position), shared))
    ranked.sort(key=lambda item: -item[0])
    winners = ranked[:limit]
    demands = Demand.objects.select_related("organisation", "industry", "region").in_bulk([pk for _, pk, _, _ in winners])
    candidates = []
    for score, pk, position, shared in winners:
        words = set(live.tokens[position])
        terms = [t for t in query if t in words and t not in FILLER_WORDS]
        candidates.append(DemandCandidate(demands[pk], round(score, 4), terms, shared))
    return candidates


def enterprises_for_patent(patent: Patent, limit: int = 10) -> list[EnterpriseCandidate]:
    """Enterprises whose own patents sit in the same IPC subclasses (their technical profile), busiest first."""
    subclasses = sorted({c[:4] for c in patent.ipc_codes})
    if not subclasses:
        return []
    own = patent.owner_org_ids()
    rows = (PatentClassification.objects.filter(subclass__in=subclasses,
                                                patent__applicant_links__organisation__kind__in=list(ENTERPRISE_KINDS))
            .exclude(patent__applicant_links__organisation_id__in=own)
            .values("patent__applicant_links__organisation_id", "subclass")
            .annotate(n=Count("patent_id", distinct=True)))
    profile: dict[int, dict[str, int]] = {}
    for row in rows:
        profile.setdefault(row["patent__applicant_links__organisation_id"], {})[row["subclass"]] = row["n"]
    ranked = sorted(profile.items(), key=lambda item: -sum(item[1].values()))[:limit]
    organisations = Organisation.objects.in_bulk([org_id for org_id, _ in ranked])
    return [EnterpriseCandidate(organisations[org_id], sum(counts.values()), sorted(counts))
            for org_id, counts in ranked if org_id in organisations]

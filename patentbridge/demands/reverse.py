"""From a patent to the demands and enterprises that may want it (the office's side of matching)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from patentbridge.demands.models import Demand
from patentbridge.demands.selectors import LIVE, demands_visible_to
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation
from patentbridge.patents.models import Patent, PatentClassification
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.text import tokens

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


def demands_for_patent(patent: Patent, user: Any, limit: int = 10) -> list[DemandCandidate]:
    """Live demands the user may see, ranked by BM25 of the patent's words against them and shared IPC.

    Ranking reads only each demand's stored tokens and IPC hints; full demands are loaded for the winners."""
    rows = list(demands_visible_to(user).filter(status__in=LIVE).values_list("pk", "search_tokens", "ipc_hints")[:5000])
    if not rows:
        return []
    missing = {pk for pk, stored, _ in rows if not stored}
    texts = {d.pk: tokens(d.search_text) for d in Demand.objects.filter(pk__in=missing)} if missing else {}
    demand_tokens = [stored or texts.get(pk, []) for pk, stored, _ in rows]
    index = LexicalIndex.build(list(range(len(rows))), demand_tokens)
    query = list(dict.fromkeys(tokens(f"{patent.title} {patent.abstract[:300]}")))
    scored = dict(index.search(query, len(rows)))
    best = max(scored.values(), default=0.0) or 1.0
    subclasses = {c[:4] for c in patent.ipc_codes}
    ranked = []
    for position, (pk, _, hints) in enumerate(rows):
        shared = sorted(subclasses & set(hints or []))
        score = scored.get(position, 0.0) / best + (IPC_BONUS if shared else 0.0)
        if score > 0:
            ranked.append((score, pk, position, shared))
    ranked.sort(key=lambda item: -item[0])
    winners = ranked[:limit]
    demands = Demand.objects.select_related("organisation", "industry", "region").in_bulk([pk for _, pk, _, _ in winners])
    candidates = []
    for score, pk, position, shared in winners:
        words = set(demand_tokens[position])
        candidates.append(DemandCandidate(demands[pk], round(score, 4), [t for t in query if t in words], shared))
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

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
    """Live demands the user may see, ranked by BM25 of the patent's words against them and shared IPC."""
    demands = list(demands_visible_to(user).filter(status__in=LIVE)[:5000])
    if not demands:
        return []
    demand_tokens = [tokens(d.search_text) for d in demands]
    index = LexicalIndex.build(list(range(len(demands))), demand_tokens)
    query = list(dict.fromkeys(tokens(f"{patent.title} {patent.abstract[:300]}")))
    scored = dict(index.search(query, len(demands)))
    best = max(scored.values(), default=0.0) or 1.0
    subclasses = {c[:4] for c in patent.ipc_codes}
    candidates = []
    for position, demand in enumerate(demands):
        shared = sorted(subclasses & set(demand.ipc_hints))
        score = scored.get(position, 0.0) / best + (IPC_BONUS if shared else 0.0)
        if score > 0:
            terms = [t for t in query if t in set(demand_tokens[position])]
            candidates.append(DemandCandidate(demand, round(score, 4), terms, shared))
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit]


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

"""Hybrid search: BM25 and embeddings fused by reciprocal rank, re-ranked by IPC agreement, explained."""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patentbridge.core.errors import ValidationFailed
from patentbridge.patents.industries import in_industry
from patentbridge.patents.models import Industry, Patent
from patentbridge.patents.selectors import ipc_titles, patent_list
from patentbridge.search import semantic
from patentbridge.search.indexes import current_lexical, current_vectors
from patentbridge.search.models import SearchDocument
from patentbridge.search.text import FILLER_WORDS, highlight, tokens

logger = logging.getLogger(__name__)
MAX_QUERY_CHARS = 500
CANDIDATES = 200
RRF_K = 60
IPC_BONUS = 0.2  # in units of the best possible single-list RRF score
INDUSTRY_BONUS = 0.1  # industry codes are coarser and sparser than IPC: a lighter hand


@dataclass
class Hit:
    patent: Patent
    score: float
    lexical_rank: int | None
    semantic_rank: int | None
    matched_terms: list[str] = field(default_factory=list)
    shared_ipc: list[dict[str, str]] = field(default_factory=list)
    shared_industry: dict[str, str] | None = None
    strength: str = ""
    strength_label: str = ""
    title_html: str = ""
    snippet_html: str = ""


@dataclass
class SearchResult:
    hits: list[Hit]
    count: int
    notices: list[str]
    semantic_used: bool
    query_tokens: list[str]


def _clean_query(query: str, notices: list[str]) -> str:
    text = " ".join((query or "").split())
    if not text:
        raise ValidationFailed(
            _("Type what you are looking for: a problem, an effect, a product or a patent number."),
            details={"q": "empty"}, code="empty_query")
    if len(text) > MAX_QUERY_CHARS:
        notices.append(_("The query was cut to its first %(n)s characters.") % {"n": MAX_QUERY_CHARS})
        text = text[:MAX_QUERY_CHARS]
    return text


def _mask(ids: np.ndarray, allowed: set[int] | None) -> np.ndarray | None:
    if allowed is None:
        return None
    return np.isin(ids, np.fromiter(allowed, dtype=ids.dtype, count=len(allowed)))


def _allowed_ids(filters: dict[str, Any]) -> set[int] | None:
    active = {k: v for k, v in filters.items() if v not in (None, "")}
    if not active:
        return None
    return set(patent_list(active).values_list("pk", flat=True))


# Below this share of documents with vectors, semantic hits would crowd out the unembedded rest.
SEMANTIC_READY_SHARE = 0.95


_embedder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-embedding")


def retrieve(text: str, query_tokens: list[str], lexical_index, vectors, allowed: set[int] | None = None,
             depth: int = CANDIDATES) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """BM25 hits and vector hits; the query is embedded in another thread while BM25 runs (both drop the GIL)."""
    pending = _embedder.submit(semantic.embed_search_query, text) if vectors is not None and len(vectors) else None
    lexical = lexical_index.search(query_tokens, depth, _mask(lexical_index.ids, allowed)) if lexical_index else []
    if pending is None:
        return lexical, []
    try:
        query_vector = pending.result()
    except Exception:  # the embedder is native code: a failure must not take lexical search down with it
        logger.exception("query embedding failed; answering lexically")
        return lexical, []
    return lexical, vectors.search(query_vector, depth, _mask(vectors.ids, allowed))


def semantic_ready(vectors, lexical_index) -> bool:
    documents = len(lexical_index) if lexical_index is not None else 0
    return len(vectors) > 0 and len(vectors) >= SEMANTIC_READY_SHARE * documents


def _fuse(lexical: list[tuple[int, float]], vector: list[tuple[int, float]]) -> dict[int, list]:
    fused: dict[int, list] = {}
    for rank, (pk, _score) in enumerate(lexical, start=1):
        fused.setdefault(pk, [0.0, None, None])
        fused[pk][0] += 1 / (RRF_K + rank)
        fused[pk][1] = rank
    for rank, (pk, _score) in enumerate(vector, start=1):
        fused.setdefault(pk, [0.0, None, None])
        fused[pk][0] += 1 / (RRF_K + rank)
        fused[pk][2] = rank
    return fused


def fused_order(lexical: list[tuple[int, float]], vector: list[tuple[int, float]]) -> list[int]:
    """Document ids by their fused score, best first."""
    fused = _fuse(lexical, vector)
    return sorted(fused, key=lambda pk: -fused[pk][0])


def _subclasses(patent: Patent) -> set[str]:
    return {code[:4] for code in patent.ipc_codes}


def _strength(hit: Hit, best: float, query_terms: int) -> str:
    both = hit.lexical_rank is not None and hit.semantic_rank is not None
    coverage = len(hit.matched_terms) / query_terms if query_terms else 0
    if hit.score >= 0.8 * best and (both or coverage >= 0.6):
        return "strong"
    if hit.score >= 0.5 * best or coverage >= 0.4:
        return "moderate"
    return "weak"


STRENGTH_LABELS = {"strong": gettext_lazy("Strong match"), "moderate": gettext_lazy("Partial match"),
                   "weak": gettext_lazy("Weak match")}


def search(query: str, *, filters: dict[str, Any] | None = None, ipc_hints: list[str] | None = None,
           industry: Industry | None = None, offset: int = 0, limit: int = 20,
           use_semantic: bool = True) -> SearchResult:
    """Rank patents for a free-text query; every hit carries why it matched."""
    notices: list[str] = []
    text = _clean_query(query, notices)
    query_tokens = list(dict.fromkeys(tokens(text)))
    allowed = _allowed_ids(filters or {})
    lexical_index = current_lexical()
    vectors = current_vectors() if use_semantic else None
    if vectors is not None and not semantic_ready(vectors, lexical_index):
        vectors = None
    lexical, vector_hits = retrieve(text, query_tokens, lexical_index, vectors, allowed)
    if lexical_index is None:
        notices.append(_("The search index is being built; results appear when it is ready."))
    elif use_semantic and not vector_hits:
        notices.append(_("Matching by meaning is still being prepared; these results match your words."))
    fused = _fuse(lexical, vector_hits)
    patents = Patent.objects.in_bulk(list(fused))
    hits = [Hit(patents[pk], score, lex, sem) for pk, (score, lex, sem) in fused.items() if pk in patents]
    agreed = _rerank_by_ipc(hits, ipc_hints)
    _rerank_by_industry(hits, industry)
    hits.sort(key=lambda h: -h.score)
    page = hits[offset:offset + limit]
    _explain(page, query_tokens, hits[0].score if hits else 0.0, agreed)
    return SearchResult(page, len(hits), notices, bool(vector_hits), query_tokens)


def _rerank_by_ipc(hits: list[Hit], ipc_hints: list[str] | None) -> set[str]:
    """Reward agreement with the IPC subclasses asked for, or else with those of the ten best hits."""
    if not hits:
        return set()
    if ipc_hints:
        wanted = {code[:4].upper() for code in ipc_hints}
    else:
        top = sorted(hits, key=lambda h: -h.score)[:10]
        counts = Counter(sub for h in top for sub in _subclasses(h.patent))
        wanted = {sub for sub, n in counts.items() if n >= 3}
    bonus = IPC_BONUS / (RRF_K + 1)
    for hit in hits:
        if _subclasses(hit.patent) & wanted:
            hit.score += bonus
    return wanted


def _rerank_by_industry(hits: list[Hit], industry: Industry | None) -> None:
    """Reward patents in the asked-for industry (a demand's GB/T 4754 industry) and say so in the explanation."""
    if industry is None:
        return
    bonus = INDUSTRY_BONUS / (RRF_K + 1)
    for hit in hits:
        if in_industry(hit.patent.industry_codes, industry):
            hit.score += bonus
            hit.shared_industry = {"code": industry.code, "name": industry.name}


def _explain(page: list[Hit], query_tokens: list[str], best: float, agreed: set[str]) -> None:
    documents = dict(SearchDocument.objects.filter(patent_id__in=[h.patent.pk for h in page])
                     .values_list("patent_id", "tokens"))
    titles = ipc_titles([code for h in page for code in h.patent.ipc_codes])
    for hit in page:
        doc_tokens = set(documents.get(hit.patent.pk, "").split())
        hit.matched_terms = [t for t in query_tokens if t in doc_tokens and t not in FILLER_WORDS]
        hit.strength = _strength(hit, best, len(query_tokens))
        hit.strength_label = str(STRENGTH_LABELS[hit.strength])
        terms = set(hit.matched_terms)
        hit.title_html = highlight(hit.patent.title, terms, limit=500)
        hit.snippet_html = highlight(hit.patent.abstract, terms)
        shared = [sub for sub in dict.fromkeys(c[:4] for c in hit.patent.ipc_codes) if sub in agreed]
        hit.shared_ipc = [{"code": sub, "title_zh": getattr(titles.get(sub), "title_zh", "")} for sub in shared]

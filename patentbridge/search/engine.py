"""Hybrid search: BM25, embeddings and citations, ranked by the current learned re-ranker (or fused by reciprocal
rank when none is fitted), explained. `rank` is the one ranking; `search` = rank + explain + page."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
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
from patentbridge.search.corpus import Corpus, DocInfo, RegisterCorpus
from patentbridge.search.languages import language_of
from patentbridge.search.models import SearchDocument
from patentbridge.search.ranker import FEATURES, Model, current_model
from patentbridge.search.services import lexical_text
from patentbridge.search.text import FILLER_WORDS, highlight, tokens

logger = logging.getLogger(__name__)
MAX_QUERY_CHARS = 500
CANDIDATES = 300
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
    ranker: str = "fusion"


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


_embedder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-embedding")


def retrieve(text: str, query_tokens: list[str], lexical_index, vectors, allowed: set[int] | None = None,
             depth: int = CANDIDATES, query_vector: Callable[[], np.ndarray] | None = None
             ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """BM25 hits and vector hits; the query is embedded in another thread while BM25 runs (both drop the GIL)."""
    vector_of = query_vector or (lambda: semantic.embed_search_query(text))
    pending = _embedder.submit(vector_of) if vectors is not None and len(vectors) else None
    lexical = lexical_index.search(query_tokens, depth, _mask(lexical_index.ids, allowed)) if lexical_index else []
    if pending is None:
        return lexical, []
    try:
        query_vector = pending.result()
    except Exception:  # the embedder is native code: a failure must not take lexical search down with it
        logger.exception("query embedding failed; answering lexically")
        return lexical, []
    return lexical, vectors.search(query_vector, depth, _mask(vectors.ids, allowed))


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


# The first pass fuses the lists; its top documents are the neighbours whose citations are candidates too.
FUSION_K = 30  # for the learned features' reciprocal ranks, as fitted on the citation benchmark
GRAPH_NEIGHBOURS = 40
CURRENT = object()  # rank(model=CURRENT): the current RankerRun's model


@dataclass
class Ranked:
    doc: int
    score: float
    lexical_rank: int | None
    semantic_rank: int | None
    graph: float = 0.0
    shared_classes: frozenset[str] = frozenset()
    in_industry: bool = False


@dataclass
class Ranking:
    ranked: list[Ranked]
    query_tokens: list[str]
    semantic_used: bool
    ranker: str  # "fusion" (no current run) or the run's "learned-vN"
    agreed: set[str]


@dataclass
class _Gathered:
    ranked: list[Ranked]
    info: dict[int, DocInfo]
    query: DocInfo | None
    language: str
    own: set[int]
    query_tokens: list[str]
    semantic_used: bool
    agreed: set[str]


def _gather(text: str, corpus: Corpus, *, query_doc: int | None, allowed: set[int] | None,
            ipc_hints: list[str] | None, industry: Industry | None, depth: int, with_graph: bool) -> _Gathered:
    """The candidates (both lists, and with the graph what the neighbours cite) and what is known of each."""
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    query_tokens = list(dict.fromkeys(tokens(text)))
    lexical, vector_hits = retrieve(text, query_tokens, corpus.lexical, corpus.vectors, allowed, depth,
                                    query_vector=lambda: corpus.query_vector(text, query_doc))
    fused = _fuse(lexical, vector_hits)
    fused.pop(query_doc, None)
    graph, own = _graph(corpus, fused, query_doc) if with_graph else ({}, set())
    strongest = sorted(graph, key=lambda d: -graph[d])[:depth]
    candidates = [d for d in dict.fromkeys([*fused, *strongest]) if allowed is None or d in allowed]
    info = corpus.info([*candidates, *([query_doc] if query_doc is not None else [])])
    query = info.get(query_doc) if query_doc is not None else None
    candidates = [d for d in candidates if d in info and not _younger(info[d], query)]
    agreed = _agreed_classes(candidates, fused, info, query, ipc_hints)
    ranked = [Ranked(d, fused[d][0] if d in fused else 0.0, *(fused[d][1:] if d in fused else (None, None)),
                     graph=graph.get(d, 0.0), shared_classes=info[d].classes & agreed,
                     in_industry=industry is not None and in_industry(list(info[d].industries), industry))
              for d in candidates]
    return _Gathered(ranked, info, query, language_of(text), own, query_tokens, bool(vector_hits), agreed)


def rank(text: str, corpus: Corpus, *, query_doc: int | None = None, allowed: set[int] | None = None,
         ipc_hints: list[str] | None = None, industry: Industry | None = None, depth: int = CANDIDATES,
         model: Model | None | object = CURRENT) -> Ranking:
    """Every candidate for the query, best first: the one ranking behind the search page, the API, demands' matches
    and `eval-search`'s hybrid. A patent as the query (`query_doc`) finds prior art: nothing younger, not itself,
    and its own citations are never evidence (they are what it should find)."""
    chosen: Model | None = current_model() if model is CURRENT else model  # type: ignore[assignment]
    found = _gather(text, corpus, query_doc=query_doc, allowed=allowed, ipc_hints=ipc_hints, industry=industry,
                    depth=depth, with_graph=chosen is not None)
    if chosen is None:
        fusion_scores(found.ranked)
    else:
        rows = feature_rows(found.ranked, corpus, found.info, found.query, found.language, found.own)
        for r, p in zip(found.ranked, 1 / (1 + np.exp(-chosen.score(rows))), strict=True):
            r.score = float(p)
    ranked = sorted(found.ranked, key=lambda r: -r.score)
    return Ranking(ranked, found.query_tokens, found.semantic_used, chosen.name if chosen else "fusion", found.agreed)


def candidate_features(text: str, corpus: Corpus, *, query_doc: int | None = None,
                       ipc_hints: list[str] | None = None, industry: Industry | None = None,
                       depth: int = CANDIDATES) -> tuple[list[Ranked], np.ndarray]:
    """The learned ranker's candidates for a query and their FEATURES, exactly as `rank` computes them (training)."""
    found = _gather(text, corpus, query_doc=query_doc, allowed=None, ipc_hints=ipc_hints, industry=industry,
                    depth=depth, with_graph=True)
    return found.ranked, feature_rows(found.ranked, corpus, found.info, found.query, found.language, found.own)


def _younger(doc: DocInfo, query: DocInfo | None) -> bool:
    return bool(query and query.year and doc.year and doc.year > query.year)


def _graph(corpus: Corpus, fused: dict[int, list], query_doc: int | None) -> tuple[dict[int, float], set[int]]:
    """What the query's nearest neighbours cite, weighted by the neighbour's rank; and the query's own citations."""
    neighbours = sorted(fused, key=lambda d: -fused[d][0])[:GRAPH_NEIGHBOURS]
    cites = corpus.cites([*neighbours, *([query_doc] if query_doc is not None else [])])
    scores: dict[int, float] = {}
    for position, neighbour in enumerate(neighbours, start=1):
        for cited in cites.get(neighbour, ()):
            if cited != query_doc:
                scores[cited] = scores.get(cited, 0.0) + 1 / (10 + position)
    return scores, cites.get(query_doc, set()) if query_doc is not None else set()


def _agreed_classes(candidates: list[int], fused: dict[int, list], info: dict[int, DocInfo], query: DocInfo | None,
                    ipc_hints: list[str] | None) -> set[str]:
    """The classes asked for; else the query patent's own; else those shared by three of the ten best hits."""
    if ipc_hints:
        return {code[:4].upper() for code in ipc_hints}
    if query is not None:
        return set(query.classes)
    top = sorted((d for d in candidates if d in fused), key=lambda d: -fused[d][0])[:10]
    counts = Counter(c for d in top for c in info[d].classes)
    return {c for c, n in counts.items() if n >= 3}


def fusion_scores(ranked: list[Ranked]) -> None:
    """No fitted run: reciprocal-rank fusion, with a bonus for agreeing classes and for the asked-for industry."""
    for r in ranked:
        if r.shared_classes:
            r.score += IPC_BONUS / (RRF_K + 1)
        if r.in_industry:
            r.score += INDUSTRY_BONUS / (RRF_K + 1)


def reciprocal(rank_: int | None) -> float:
    """A list's rank as a feature: 1 for the first, falling towards 0; 0 when the list did not find the document."""
    return (FUSION_K + 1) / (FUSION_K + rank_) if rank_ is not None else 0.0


def feature_rows(ranked: list[Ranked], corpus: Corpus, info: dict[int, DocInfo], query: DocInfo | None,
                 language: str, own: set[int]) -> np.ndarray:
    """The ranker's FEATURES for each candidate (the query's own citations do not count towards in-degree)."""
    degree = corpus.in_degree([r.doc for r in ranked])
    rows = np.zeros((len(ranked), len(FEATURES)), dtype=np.float64)
    for i, r in enumerate(ranked):
        doc = info[r.doc]
        years = min(query.year - doc.year, 15) / 15 if query and query.year and doc.year else 0.0
        rows[i] = [reciprocal(r.lexical_rank), reciprocal(r.semantic_rank), math.log1p(10 * r.graph),
                   bool(r.shared_classes), math.log1p(degree.get(r.doc, 0) - (r.doc in own)), years,
                   doc.language == language, bool(query and query.applicants & doc.applicants), r.in_industry]
    return rows


def query_text(patent: Patent) -> str:
    """A patent as a query: the text it is indexed by (title, abstract, start of the first claim)."""
    return lexical_text({"title": patent.title, "abstract": patent.abstract, "first_claim": patent.first_claim})


def search(query: str, *, filters: dict[str, Any] | None = None, ipc_hints: list[str] | None = None,
           industry: Industry | None = None, offset: int = 0, limit: int = 20, use_semantic: bool = True,
           like: Patent | None = None) -> SearchResult:
    """Rank patents for a free-text query, or for a patent (`like`: its prior art); every hit says why it matched."""
    notices: list[str] = []
    text = _clean_query(query_text(like) if like is not None and not (query or "").strip() else query, notices)
    corpus = RegisterCorpus(use_semantic=use_semantic)
    ranking = rank(text, corpus, query_doc=like.pk if like is not None else None,
                   allowed=_allowed_ids(filters or {}), ipc_hints=ipc_hints, industry=industry)
    if corpus.lexical is None:
        notices.append(_("The search index is being built; results appear when it is ready."))
    elif use_semantic and not ranking.semantic_used:
        notices.append(_("Matching by meaning is still being prepared; these results match your words."))
    page = [Hit(corpus.patents[r.doc], r.score, r.lexical_rank, r.semantic_rank,
                shared_industry={"code": industry.code, "name": industry.name} if r.in_industry and industry else None)
            for r in ranking.ranked[offset:offset + limit]]
    _explain(page, ranking.query_tokens, ranking.ranked[0].score if ranking.ranked else 0.0, ranking.agreed)
    return SearchResult(page, len(ranking.ranked), notices, ranking.semantic_used, ranking.query_tokens,
                        ranking.ranker)


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

"""What the engine ranks over: the indexes and what is known of each document (a `Corpus`).

The register's corpus reads the published indexes and the database (a few batched queries per search); the
citation benchmark's corpus (search/evaluation.py) wraps the benchmark's folder. `engine.rank` takes either,
so that the ranking measured is the ranking users get.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from django.db.models import Count

from patentbridge.patents.models import Patent, PatentCitation
from patentbridge.search import semantic
from patentbridge.search.indexes import current_lexical, current_vectors
from patentbridge.search.languages import language_of
from patentbridge.search.lexical import LexicalIndex
from patentbridge.search.semantic import VectorIndex

# Below this share of documents with vectors, semantic hits would crowd out the unembedded rest.
SEMANTIC_READY_SHARE = 0.95

_LEGAL_FORMS = {"co", "ltd", "inc", "corp", "corporation", "company", "gmbh", "ag", "kg", "sa", "spa", "llc", "kk",
                "plc", "bv", "nv", "ab", "oy", "as", "limited", "the", "srl", "sas"}


def applicant_key(name: str) -> str:
    """'Honda Motor Co., Ltd.' and 'HONDA MOTOR CO LTD' alike: lower case, words only, legal forms dropped."""
    words = "".join(c.lower() if c.isalnum() else " " for c in name).split()
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


@dataclass(frozen=True)
class DocInfo:
    classes: frozenset[str]  # register: IPC subclasses; benchmark: the classification groups it was found by
    year: int | None  # register: filing year; benchmark: earliest priority year
    applicants: frozenset[str]  # applicant_key of each name
    language: str
    industries: tuple[str, ...] = ()


class Corpus(Protocol):
    lexical: LexicalIndex | None
    vectors: VectorIndex | None

    def query_vector(self, text: str, query_doc: int | None) -> np.ndarray: ...

    def info(self, ids: Collection[int]) -> dict[int, DocInfo]: ...

    def cites(self, ids: Collection[int]) -> dict[int, set[int]]: ...

    def in_degree(self, ids: Collection[int]) -> dict[int, int]: ...


def semantic_ready(vectors: VectorIndex | None, lexical_index: LexicalIndex | None) -> bool:
    documents = len(lexical_index) if lexical_index is not None else 0
    return vectors is not None and len(vectors) > 0 and len(vectors) >= SEMANTIC_READY_SHARE * documents


def patent_info(patent: Patent) -> DocInfo:
    return DocInfo(
        classes=frozenset(code[:4] for code in patent.ipc_codes),
        year=patent.application_date.year if patent.application_date else None,
        applicants=frozenset(applicant_key(n) for n in patent.applicant_names) - {""},
        language=language_of(f"{patent.title} {patent.abstract}"),
        industries=tuple(patent.industry_codes or ()),
    )


class RegisterCorpus:
    """The register as it is searched now: the published indexes, the patents and their citations."""

    def __init__(self, *, use_semantic: bool = True) -> None:
        self.lexical = current_lexical()
        vectors = current_vectors() if use_semantic else None
        self.vectors = vectors if semantic_ready(vectors, self.lexical) else None
        self.patents: dict[int, Patent] = {}  # those read by info(), for the page

    def query_vector(self, text: str, query_doc: int | None) -> np.ndarray:
        """A patent as the query is its own passage vector (as the benchmark measures); free text is embedded."""
        if query_doc is not None and self.vectors is not None and query_doc in self.vectors.position:
            return self.vectors.matrix[self.vectors.position[query_doc]]
        return semantic.embed_search_query(text)

    def info(self, ids: Collection[int]) -> dict[int, DocInfo]:
        missing = [pk for pk in ids if pk not in self.patents]
        if missing:
            self.patents.update(Patent.objects.in_bulk(missing))
        return {pk: patent_info(self.patents[pk]) for pk in ids if pk in self.patents}

    def cites(self, ids: Collection[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = {}
        rows = PatentCitation.objects.filter(citing_id__in=list(ids), cited__isnull=False)
        for citing, cited in rows.values_list("citing_id", "cited_id"):
            out.setdefault(citing, set()).add(cited)
        return out

    def in_degree(self, ids: Collection[int]) -> dict[int, int]:
        rows = (PatentCitation.objects.filter(cited_id__in=list(ids), citing__isnull=False)
                .values("cited_id").annotate(n=Count("pk")).values_list("cited_id", "n"))
        return dict(rows)

"""The search that ships is the one measured: eval-search's hybrid ranks a query patent exactly as the API does."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from pathlib import Path

import pytest

from patentbridge.patents.models import Patent, PatentCitation
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import evaluation, indexes, ranker, services
from patentbridge.search.corpus import applicant_key
from patentbridge.search.models import RankerRun

BUNDLED = Path(__file__).resolve().parents[3] / "data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"


def bundled_rows(word: str, n: int) -> list[dict[str, str]]:
    with gzip.open(BUNDLED, "rt", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if word in r["title_zh"] and r["ipc_main"] and r["application_date"]]
    return rows[:n]


@pytest.fixture
def register(db):
    """Forty real battery patents of the bundled register, with citations from each to some older ones."""
    indexes.forget()
    ranker.forget()
    patents = [PatentFactory(title=r["title_zh"], abstract=r["abstract_zh"], first_claim="", ipc_main=r["ipc_main"],
                             ipc_codes=[r["ipc_main"]], applicant_names=r["applicants"].split("|"),
                             application_date=dt.date.fromisoformat(r["application_date"]))
               for r in bundled_rows("电池", 40)]
    by_age = sorted(patents, key=lambda p: (p.application_date, p.pk))
    for i, citing in enumerate(by_age[5:], start=5):
        for cited in by_age[i % 5:i:7]:
            PatentCitation.objects.create(citing=citing, cited=cited, citing_number=f"X{citing.pk}",
                                          cited_number=f"X{cited.pk}", citing_key=f"X{citing.pk}",
                                          cited_key=f"X{cited.pk}")
    services.documents_refresh()
    services.indexes_rebuild()
    yield sorted(patents, key=lambda p: p.pk)
    indexes.forget()
    ranker.forget()


def benchmark_of(patents) -> evaluation.Benchmark:
    """The benchmark object from the same rows: positions in primary-key order, the same texts and graph."""
    position = {p.pk: i for i, p in enumerate(patents)}
    cites: dict[int, set[int]] = {}
    for citing, cited in PatentCitation.objects.values_list("citing_id", "cited_id"):
        cites.setdefault(position[citing], set()).add(position[cited])
    texts = [services.lexical_text({"title": p.title, "abstract": p.abstract, "first_claim": p.first_claim})
             for p in patents]
    return evaluation.Benchmark(
        [str(p.pk) for p in patents], texts, {q: set(c) for q, c in cites.items()},
        years={i: p.application_date.year for i, p in enumerate(patents)},
        groups={i: {c[:4] for c in p.ipc_codes} for i, p in enumerate(patents)}, cites=cites,
        applicants={i: {applicant_key(n) for n in p.applicant_names} - {""} for i, p in enumerate(patents)})


def ids(body: dict) -> list[int]:
    pks = dict(Patent.objects.values_list("application_number", "pk"))
    return [pks[item["patent"]["application_number"]] for item in body["items"]]


def api_order(client, patent) -> list[int]:
    return ids(client.get("/api/v1/search", {"like": patent.lookup_number, "limit": 100}).json())


def eval_order(patents, query) -> list[int]:
    bench = benchmark_of(patents)
    position = patents.index(query)
    ranking = evaluation.engine_rankings(evaluation.BenchmarkCorpus(bench), [position], depth=100)[position]
    return [patents[i].pk for i in ranking]


def test_eval_hybrid_equals_the_api_order_with_fusion(client, register):
    query = max(register, key=lambda p: p.application_date)
    expected = api_order(client, query)
    assert len(expected) > 5
    assert eval_order(register, query) == expected


def test_eval_hybrid_equals_the_api_order_with_the_current_learned_run(client, register):
    RankerRun.objects.create(version=1, source="test", features=list(ranker.FEATURES), is_current=True,
                             weights=[1.0, 0.5, 2.0, 0.7, 0.6, -0.2, 0.1, 0.9, 0.3, -3.0])
    query = max(register, key=lambda p: p.application_date)
    body = client.get("/api/v1/search", {"like": query.lookup_number, "limit": 100}).json()
    assert body["ranker"] == "learned-v1"
    expected = ids(body)
    assert eval_order(register, query) == expected


def test_prior_art_search_leaves_out_younger_patents_and_the_patent_itself(client, register):
    query = sorted(register, key=lambda p: p.application_date)[len(register) // 2]
    found = set(api_order(client, query))
    younger = {p.pk for p in register if p.application_date.year > query.application_date.year}
    assert found and query.pk not in found and not found & younger

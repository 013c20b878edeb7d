"""The re-ranker's training: fitted on one half of the register's queries, measured on the other, made current
only when no worse; the engine then ranks with it and says so."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from patentbridge.search import ranker, training
from patentbridge.search.corpus import RegisterCorpus
from patentbridge.search.models import RankerRun
from patentbridge.search.tests.test_one_ranking import register  # noqa: F401  (the fixture)


def test_held_out_queries_are_never_fitted_on(register):  # noqa: F811
    examples = training.register_citation_examples()
    assert any(training.held_out(e.key) for e in examples) and not all(training.held_out(e.key) for e in examples)
    fitted = training.fit(RegisterCorpus(), examples, version=1, current=None)
    flipped = [training.Example(e.key, e.text, frozenset() if training.held_out(e.key) else e.positives,
                                query_doc=e.query_doc) for e in examples]
    again = training.fit(RegisterCorpus(), flipped, version=1, current=None)
    assert list(again.model.weights) == list(fitted.model.weights)


def test_the_query_patent_is_never_its_own_candidate(register):  # noqa: F811
    example = training.register_citation_examples()[0]
    ranked, rows = training.engine.candidate_features(example.text, RegisterCorpus(), query_doc=example.query_doc)
    assert example.query_doc not in {r.doc for r in ranked} and rows.shape == (len(ranked), len(ranker.FEATURES))


def test_a_run_no_worse_than_fusion_becomes_current_and_the_api_says_so(client, register):  # noqa: F811
    fitted = training.fit(RegisterCorpus(), training.register_citation_examples(), version=1, current=None)
    fitted.held_out = {**fitted.compared_with, "ranker": "x"} | {"nDCG@10": 1.0, "R@100": 1.0}
    run = training.ranker_run_record(fitted=fitted, source="register", created_by="test")
    ranker.forget()
    assert run.is_current
    assert client.get("/api/v1/search", {"q": "电池"}).json()["ranker"] == "learned-v1"


def test_a_worse_run_is_recorded_but_not_made_current_unless_forced(client, register):  # noqa: F811
    fitted = training.fit(RegisterCorpus(), training.register_citation_examples(), version=1, current=None)
    fitted.held_out = {"nDCG@10": -1.0, "R@100": -1.0}
    assert not training.ranker_run_record(fitted=fitted, source="register", created_by="test").is_current
    fitted.model = ranker.Model(2, fitted.model.weights, fitted.model.bias)
    assert training.ranker_run_record(fitted=fitted, source="register", created_by="test", force=True).is_current
    assert RankerRun.objects.filter(is_current=True).get().version == 2


def test_no_run_means_fusion(client, register):  # noqa: F811
    assert client.get("/api/v1/search", {"q": "电池"}).json()["ranker"] == "fusion"


def test_train_ranker_records_a_run_with_its_figures(register, capsys):  # noqa: F811
    call_command("train_ranker")
    run = RankerRun.objects.get()
    assert run.training["fitted_queries"] > 0 and run.training["held_out_queries"] > 0
    assert set(run.held_out) == {"R@10", "R@100", "nDCG@10", "MRR"} and run.compared_with["ranker"] == "fusion"
    assert run.features == list(ranker.FEATURES) and len(run.weights) == len(ranker.FEATURES) + 1


def test_train_ranker_without_citations_or_answers_refuses(db):
    with pytest.raises(Exception, match="Nothing to learn"):
        call_command("train_ranker")

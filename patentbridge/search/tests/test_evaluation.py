"""The citation benchmark's metrics and command, on a tiny folder laid out like the real data set."""

import csv
import json

import numpy as np
import pytest
from django.core.management import call_command

from patentbridge.search.evaluation import (
    FEATURES,
    Benchmark,
    applicant_key,
    fit_logistic,
    learned_rankings,
    metrics,
    query_half,
)


def test_metrics_of_a_perfect_and_an_empty_ranking():
    queries = {0: {1, 2}}
    assert metrics({0: [1, 2, 3]}, queries) == {"R@10": 1.0, "R@100": 1.0, "nDCG@10": 1.0, "MRR": 1.0}
    assert metrics({0: [3, 4]}, queries) == {"R@10": 0.0, "R@100": 0.0, "nDCG@10": 0.0, "MRR": 0.0}


def test_query_itself_is_never_counted_as_an_answer():
    assert metrics({0: [0, 5, 1]}, {0: {1}})["MRR"] == 0.5


def test_applicant_names_match_across_spellings():
    assert applicant_key("Honda Motor Co., Ltd.") == applicant_key("HONDA MOTOR CO LTD") == "honda motor"


def test_logistic_fit_weights_the_informative_feature():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 2)).astype(np.float32)
    y = (x[:, 0] + 0.3 * rng.normal(size=2000) > 0).astype(np.float64)
    weights = fit_logistic(x, y)
    assert weights[0] > 1.0 > abs(weights[1])


def test_a_query_is_ranked_by_the_model_fitted_on_the_other_half():
    """Changing the answers of one half's queries must not change their own rankings (cross-fitting)."""
    rng = np.random.default_rng(5)
    numbers = [f"Q{i}" for i in range(60)]
    rows = rng.random((20, len(FEATURES))).astype(np.float32)
    features = {q: (list(range(100, 120)), rows) for q in range(60)}
    answers = {q: {100 + int(np.argmax(rows[:, 0]))} for q in range(60)}
    half = {q for q in range(60) if query_half(Benchmark(numbers, [], {}), q) == 0}
    changed = {q: ({100 + int(np.argmax(rows[:, 1]))} if q in half else a) for q, a in answers.items()}
    before, _ = learned_rankings(Benchmark(numbers, [], answers), features)
    after, _ = learned_rankings(Benchmark(numbers, [], changed), features)
    assert all(after[q] == before[q] for q in half)
    assert any(after[q] != before[q] for q in answers if q not in half)


def write_folder(directory):
    """Test fixture (not real data): three Chinese and two English abstracts, two citation pairs."""
    rows = [("CN1A", "一种余热回收锅炉，利用烟气余热产生蒸汽。", "F22B1/18", "2015"),
            ("CN2A", "一种烟气余热回收装置，包括换热器和锅炉。", "F22B1/18", "2012"),
            ("CN3A", "一种动力电池热管理系统。", "B60L7/10", "2016")]
    with (directory / "cn_abstracts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["publication_number", "abstract_zh", "cpc_query_groups", "priority_year_buckets"])
        writer.writerows(rows)
    with (directory / "other_abstracts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["publication_number", "abstract_original_language", "cpc_query_groups",
                         "priority_year_buckets"])
        writer.writerow(["US1A", "A boiler recovering waste heat from flue gas.", "F22B1/18", "2010"])
    (directory / "patents_full.jsonl").write_text(json.dumps(
        {"publication_number": "US2B", "title": "Heat exchanger", "abstract": "A flue gas heat exchanger for a boiler.",
         "priority_date": "2009-01-01", "cpc_query_groups": ["F22B1/18"]}) + "\n", encoding="utf-8")
    with (directory / "citations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["citing", "cited"])
        writer.writerows([("CN1A", "CN2A"), ("CN1A", "US1A"), ("CN2A", "US2B")])


@pytest.mark.django_db
def test_eval_command_prints_json_figures_last(tmp_path, capsys):
    write_folder(tmp_path)
    call_command("eval_search", "--citations", str(tmp_path), "--no-semantic", "--json")
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(figures) == {"lexical", "hybrid", "hybrid-crossfit-benchmark-only"}
    assert set(figures["hybrid"]) == {"R@10", "R@100", "nDCG@10", "MRR"}
    assert figures["lexical"]["R@10"] > 0


@pytest.mark.django_db
def test_classifier_evaluation_reports_figures(tmp_path, capsys):
    """Test fixture (not real data): tiny titles file with two folds and a tiny few-shot file."""
    titles = tmp_path / "titles.csv"
    rows = [("压缩机减振降噪", "F04B", "1"), ("压缩机降噪减振结构", "F04B", "2"), ("电池热管理冷却", "H01M", "1"),
            ("动力电池冷却热管理", "H01M", "2")]
    with titles.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "ipc_subclasses", "upstream_fold"])
        writer.writerows(rows)
    fewshot = tmp_path / "labelled.csv"
    with fewshot.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "abstract", "label_id"])
        writer.writerows([("压缩机", "减振降噪", "0"), ("压缩机结构", "降噪", "0"), ("电池", "热管理", "1"),
                          ("电池包", "冷却", "1")])
    call_command("eval_classifier", "--titles", str(titles), "--fewshot", str(fewshot), "--json",
                 "--vector-cache", str(tmp_path / "cache"))
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["titles_ipc"]["precision@1"] == 1.0
    assert figures["bdci_fewshot"]["accuracy"] == 1.0

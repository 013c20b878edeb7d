"""Shipped vectors: used where the passage text and model match, never otherwise; the file round-trips."""

import numpy as np
import pytest
from django.test import override_settings

from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import semantic, services
from patentbridge.search.bundle import bundle_read, bundle_write, dequantize, passage_digest, quantize
from patentbridge.search.models import SearchDocument


def unit_rows(n: int, seed: int = 7) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, semantic.DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def passage_of(patent) -> str:
    return semantic.passage_text(patent.title, patent.abstract)


@pytest.fixture
def data_dir(tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def no_embedding(monkeypatch):
    def refuse(texts):
        raise AssertionError(f"embedded {len(texts)} passages")
    monkeypatch.setattr(semantic, "embed_passages", refuse)


def test_int8_round_trip_keeps_cosine():
    rows = unit_rows(50)
    restored = dequantize(*quantize(rows))
    assert np.min(np.sum(rows * restored, axis=1)) > 0.999


@pytest.mark.django_db
def test_refresh_takes_the_shipped_vector_instead_of_embedding(data_dir, no_embedding):
    patent = PatentFactory()
    services.documents_refresh()
    vector = unit_rows(1)
    bundle_write(data_dir / "search" / "bundled-vectors.npz", [passage_digest(passage_of(patent))], vector,
                 semantic.model_version())
    assert services.vectors_refresh() == 1
    stored = semantic.from_bytes(SearchDocument.objects.get(patent=patent).vector)
    assert float(stored @ vector[0]) > 0.999


@pytest.mark.django_db
def test_refresh_embeds_when_the_bundle_is_of_another_model(data_dir, monkeypatch):
    patent = PatentFactory()
    services.documents_refresh()
    bundle_write(data_dir / "search" / "bundled-vectors.npz", [passage_digest(passage_of(patent))], unit_rows(1),
                 "another-model")
    embedded = []
    monkeypatch.setattr(semantic, "embed_passages", lambda texts: embedded.extend(texts) or unit_rows(len(texts)))
    assert services.vectors_refresh() == 1
    assert embedded == [passage_of(patent)]


@pytest.mark.django_db
def test_refresh_without_embedding_leaves_unbundled_patents_for_the_worker(data_dir, no_embedding):
    shipped, edited = PatentFactory(), PatentFactory()
    services.documents_refresh()
    bundle_write(data_dir / "search" / "bundled-vectors.npz", [passage_digest(passage_of(shipped))], unit_rows(1),
                 semantic.model_version())
    assert services.vectors_refresh(embed=False) == 1
    assert SearchDocument.objects.get(patent=edited).vector is None


@pytest.mark.django_db
def test_written_bundle_holds_every_current_vector_once(data_dir, monkeypatch):
    first, second = PatentFactory(), PatentFactory()
    services.documents_refresh()
    monkeypatch.setattr(semantic, "embed_passages", lambda texts: unit_rows(len(texts), seed=len(texts)))
    path = data_dir / "out.npz"
    assert services.vectors_bundle_write(path) == 2
    shipped = bundle_read(path)
    assert shipped.model == semantic.model_version()
    assert set(shipped.rows) == {passage_digest(passage_of(first)), passage_digest(passage_of(second))}

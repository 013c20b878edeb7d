"""BM25 over stored tokens: exact scores, and common query tokens left out when rarer ones are present."""

import bm25s
import numpy as np
import pytest
from django.test import override_settings

from patentbridge.search import lexical as lexical_module
from patentbridge.search.lexical import LexicalIndex

# Test fixture (not real data): ten token lists; 装置 is in all of them, 隔音 in one, 电池 in three.
DOCUMENTS = [["隔音", "装置"], ["电池", "装置"], ["电池", "冷却", "装置"], ["电池", "装置", "装置"]] + [
    ["装置", f"部件{i}"] for i in range(6)]


@pytest.fixture(autouse=True)
def _prune_small_indexes(monkeypatch):
    monkeypatch.setattr(lexical_module, "PRUNE_FROM_DOCUMENTS", 0)


def index() -> LexicalIndex:
    return LexicalIndex.build(list(range(100, 110)), DOCUMENTS)


def test_scores_equal_the_library_bm25():
    lexical = index()
    expected = bm25s.BM25(k1=1.2, b=0.75)
    expected.index(DOCUMENTS, show_progress=False)
    with override_settings(SEARCH_COMMON_TOKEN_SHARE=1.0):
        hits = dict(lexical.search(["电池", "装置"], 10))
    library = expected.get_scores(["电池", "装置"])
    assert np.allclose([hits[100 + i] for i in range(10)], library, rtol=1e-5)


def test_a_token_in_most_documents_is_left_out_when_a_rarer_one_is_present():
    with override_settings(SEARCH_COMMON_TOKEN_SHARE=0.5):
        hits = index().search(["隔音", "装置"], 10)
    assert [pk for pk, _ in hits] == [100]


def test_when_every_token_is_common_the_rarest_is_kept():
    with override_settings(SEARCH_COMMON_TOKEN_SHARE=0.2):
        hits = index().search(["电池", "装置"], 10)
    assert {pk for pk, _ in hits} == {101, 102, 103}


def test_a_small_index_scores_every_token(monkeypatch):
    monkeypatch.setattr(lexical_module, "PRUNE_FROM_DOCUMENTS", 11)
    with override_settings(SEARCH_COMMON_TOKEN_SHARE=0.2):
        hits = index().search(["电池", "装置"], 10)
    assert len(hits) == 10


def test_a_mask_keeps_only_the_allowed_documents():
    mask = np.zeros(10, dtype=bool)
    mask[2] = True
    assert [pk for pk, _ in index().search(["电池"], 10, mask)] == [102]


@pytest.mark.django_db
def test_hangul_and_kana_become_character_pairs_not_syllables():
    from patentbridge.search.text import tokens

    assert tokens("세탁기 소음") == ["세탁", "탁기", "소음"]
    assert tokens("電池パックの冷却") == ["電池", "冷却", "パッ", "ック", "クの"]
    assert tokens("물 누수") == ["물", "누수"] and tokens("データ・センター")[:2] == ["デー", "ータ"]

"""Hybrid search: words, meaning across languages, filters, explanations, and the error cases."""

import numpy as np
import pytest
from django.test import override_settings

from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, semantic, services
from patentbridge.search.engine import search
from patentbridge.search.models import SearchDocument

SPEAKER = ("音箱腔体及具有所述音箱腔体的音箱",
           "本发明涉及一种音箱腔体以及音箱。为了解决扬声器声音进入麦克风区域，严重影响麦克风拾音孔拾取用户语音的问题，"
           "在第一壳体和第二壳体之间设置隔音腔室，阻止扬声器的声音通过壳体材料传递到麦克风区域。")
BATTERY = ("一种动力电池热管理系统", "本发明公开了一种动力电池热管理系统，通过液冷板和相变材料控制电芯温度，防止热失控。")
HEAT = ("Waste heat recovery system for an internal combustion engine",
        "A waste heat recovery system uses an organic Rankine cycle to convert exhaust gas heat of an engine into "
        "electric power, improving fuel efficiency.")


@pytest.fixture(autouse=True)
def _fresh_indexes():
    indexes.forget()
    yield
    indexes.forget()


def build(with_vectors: bool = True) -> dict:
    services.documents_refresh()
    if with_vectors:
        services.vectors_refresh()
    return services.indexes_rebuild()


@pytest.fixture
def corpus(db):
    return {
        "speaker": PatentFactory(title=SPEAKER[0], abstract=SPEAKER[1], ipc_main="H04R1/28", ipc_codes=["H04R1/28"]),
        "battery": PatentFactory(title=BATTERY[0], abstract=BATTERY[1], ipc_main="H01M10/613",
                                 ipc_codes=["H01M10/613"]),
        "heat": PatentFactory(title=HEAT[0], abstract=HEAT[1], ipc_main="F01K23/06", ipc_codes=["F01K23/06"]),
    }


@pytest.mark.django_db
def test_search_finds_patent_by_its_words(corpus):
    build(with_vectors=False)
    result = search("扬声器 麦克风 隔音", use_semantic=False)
    assert result.hits[0].patent == corpus["speaker"]
    assert {"扬声器", "麦克风"} <= set(result.hits[0].matched_terms)


@pytest.mark.django_db
def test_paraphrase_of_abstract_finds_the_patent(corpus):
    build()
    result = search("喇叭的声音传到话筒里影响收音，怎么隔开")
    assert result.semantic_used
    assert result.hits[0].patent == corpus["speaker"]


@pytest.mark.django_db
def test_chinese_query_finds_english_patent(corpus):
    build()
    result = search("利用发动机排气余热发电")
    assert result.hits[0].patent == corpus["heat"]
    assert result.hits[0].semantic_rank == 1


@pytest.mark.django_db
def test_english_query_finds_chinese_patent(corpus):
    build()
    assert search("battery thermal runaway cooling").hits[0].patent == corpus["battery"]


@pytest.mark.django_db
def test_filters_restrict_results(corpus):
    build(with_vectors=False)
    result = search("系统", filters={"ipc": "H01M"}, use_semantic=False)
    assert [h.patent for h in result.hits] == [corpus["battery"]]


@pytest.mark.django_db
def test_hit_explanation_highlights_matched_words(corpus):
    build(with_vectors=False)
    hit = search("动力电池热管理", use_semantic=False).hits[0]
    assert "<mark>" in hit.title_html and hit.strength in {"strong", "moderate", "weak"}


@pytest.mark.django_db
def test_ipc_hint_is_explained_as_shared_class(corpus):
    build(with_vectors=False)
    from patentbridge.search.engine import search as run

    hit = run("电池", ipc_hints=["H01M"], use_semantic=False).hits[0]
    assert hit.shared_ipc[0]["code"] == "H01M" and hit.shared_ipc[0]["title_zh"]


@pytest.mark.django_db
def test_search_works_lexically_before_vectors_exist(corpus):
    build(with_vectors=False)
    result = search("动力电池")
    assert result.hits and not result.semantic_used and result.notices


@pytest.mark.django_db
def test_changed_text_is_retokenised_only_when_it_changed(corpus):
    services.documents_refresh()
    assert services.documents_refresh() == 0
    corpus["battery"].title = "一种储能电池热管理系统"
    corpus["battery"].save()
    assert services.documents_refresh() == 1


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
def test_new_patent_is_indexed_after_commit(logged_in_client, django_capture_on_commit_callbacks):
    client, _, _ = logged_in_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/patents", {"application_number": "CN201410264351.3", "title": "一种语音增强方法",
                                                   "ipc": ["G10L21/02"]}, content_type="application/json")
    assert response.status_code == 201
    assert SearchDocument.objects.filter(patent__application_number="201410264351.3").exists()


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
def test_background_embedding_makes_semantic_search_ready(corpus):
    from patentbridge.search.tasks import index_patents

    index_patents.enqueue([p.pk for p in corpus.values()])
    status = services.index_status()
    assert status["vectors"] == status["documents"] == 3
    assert search("利用发动机排气余热发电").semantic_used


def test_hnsw_graph_finds_the_same_nearest_vectors_as_the_exact_product(settings):
    """Random unit vectors (a timing/behaviour fixture, not data): the ANN path agrees with the exact one."""

    from patentbridge.search.semantic import VectorIndex, build_ann

    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(2000, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = np.arange(100, 2100)
    exact = VectorIndex(ids, matrix)
    settings.SEARCH_EXACT_LIMIT = 100
    approximate = VectorIndex(ids, matrix, build_ann(matrix))
    query = matrix[42]
    assert approximate.search(query, 5)[0][0] == exact.search(query, 5)[0][0] == 142
    mask = np.zeros(2000, dtype=bool)
    mask[:500] = True
    assert all(pk < 600 for pk, _ in approximate.search(query, 5, mask))


def test_a_repeated_query_is_embedded_once(monkeypatch):
    calls = []
    monkeypatch.setattr("patentbridge.search.semantic.embed_query",
                        lambda text: calls.append(text) or np.ones(384, dtype=np.float32))
    semantic.embed_search_query.cache_clear()
    first = semantic.embed_search_query("余热回收 第二页")
    second = semantic.embed_search_query("余热回收 第二页")
    semantic.embed_search_query.cache_clear()
    assert calls == ["余热回收 第二页"] and second is first and not first.flags.writeable


@pytest.mark.django_db
def test_search_answers_lexically_when_the_embedder_fails(corpus, monkeypatch):
    build()

    def broken(text):
        raise RuntimeError("embedder unavailable")

    monkeypatch.setattr("patentbridge.search.semantic.embed_search_query", broken)
    result = search("动力电池")
    assert result.hits[0].patent == corpus["battery"] and not result.semantic_used


@pytest.mark.django_db
def test_ipc_suggestion_learns_from_patents_in_another_language(corpus):
    from patentbridge.search.classify import suggest

    build()
    assert suggest("利用发动机排气余热发电").ipc_hints[0] == "F01K"


@pytest.mark.django_db
def test_patents_in_the_asked_for_industry_rank_first_and_say_so():
    from patentbridge.patents.models import Industry

    PatentFactory(title="一种电池冷却装置", abstract="液冷板冷却电池。", industry_codes=["C3841"])
    car = PatentFactory(title="一种电池冷却装置", abstract="液冷板冷却电池。", industry_codes=["C3670"])
    build(with_vectors=False)
    hits = search("电池冷却", industry=Industry(code="36", name="汽车制造业"), use_semantic=False).hits
    assert hits[0].patent == car
    assert hits[0].shared_industry == {"code": "36", "name": "汽车制造业"} and hits[1].shared_industry is None


def test_an_industry_section_covers_its_classes():
    from patentbridge.patents.industries import in_industry
    from patentbridge.patents.models import Industry

    assert in_industry(["C3670"], Industry(code="C")) and in_industry(["C3670"], Industry(code="3670"))
    assert not in_industry(["C3670"], Industry(code="38")) and not in_industry([], Industry(code="C"))
    assert not in_industry(["OTH"], Industry(code="O"))


@pytest.fixture
def asian_corpus(db):
    return {
        "speaker": PatentFactory(title=SPEAKER[0], abstract=SPEAKER[1], ipc_main="H04R1/28", ipc_codes=["H04R1/28"]),
        "heat": PatentFactory(title=HEAT[0], abstract=HEAT[1], ipc_main="F01K23/06", ipc_codes=["F01K23/06"]),
        "battery_ja": PatentFactory(title="車両用電池パックの冷却装置",
                                    abstract="冷却液が流れる冷却板で電池セルの温度を制御し、熱暴走を防止する冷却装置。",
                                    ipc_main="H01M10/613", ipc_codes=["H01M10/613"]),
        "washer_ko": PatentFactory(title="드럼 세탁기의 진동 저감 장치",
                                   abstract="세탁기 드럼의 회전 시 발생하는 진동과 소음을 댐퍼로 줄이는 장치.",
                                   ipc_main="D06F37/20", ipc_codes=["D06F37/20"]),
    }


@pytest.mark.django_db
def test_chinese_query_finds_japanese_patent(asian_corpus):
    build()
    assert search("动力电池冷却，防止热失控").hits[0].patent == asian_corpus["battery_ja"]


@pytest.mark.django_db
def test_chinese_query_finds_korean_patent(asian_corpus):
    build()
    assert search("降低洗衣机滚筒振动和噪音").hits[0].patent == asian_corpus["washer_ko"]


@pytest.mark.django_db
def test_korean_query_finds_chinese_patent(asian_corpus):
    build()
    assert search("스피커 소리가 마이크에 들어가는 것을 막는 방음 구조").hits[0].patent == asian_corpus["speaker"]

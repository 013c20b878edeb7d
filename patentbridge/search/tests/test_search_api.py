import pytest

from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services


@pytest.fixture
def indexed(db):
    indexes.forget()
    PatentFactory(title="一种动力电池热管理系统", abstract="液冷板控制电芯温度", ipc_main="H01M10/613",
                  ipc_codes=["H01M10/613"])
    services.documents_refresh()
    services.indexes_rebuild()
    yield
    indexes.forget()


def test_empty_query_gets_a_helpful_error(client, indexed):
    response = client.get("/api/v1/search?q=")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_query"


def test_long_query_is_truncated_with_a_notice(client, indexed):
    body = client.get("/api/v1/search", {"q": "电池" * 400}).json()
    assert any("500" in notice for notice in body["notices"])


def test_results_are_paged_items_with_explanations(client, indexed):
    body = client.get("/api/v1/search", {"q": "电池 温度"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["patent"]["title"] == "一种动力电池热管理系统"
    assert "电池" in item["explanation"]["matched_terms"]


def test_malformed_filter_gets_the_envelope(client, indexed):
    response = client.get("/api/v1/search", {"q": "电池", "ipc": "not-ipc"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_error"


def test_search_page_shows_explained_hits(client, indexed):
    html = client.get("/search/", {"q": "电池"}).content.decode()
    assert "<mark>电池</mark>" in html


def test_search_page_explains_an_empty_query(client, indexed):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200 and "search-hit" not in response.content.decode()


def test_applicant_type_filter_keeps_university_patents(client, indexed, make_member):
    _, university = make_member(name="某某大学")
    PatentFactory(title="一种电池隔膜", owner=university)
    services.documents_refresh()
    services.indexes_rebuild()
    body = client.get("/api/v1/search", {"q": "电池", "applicant_kind": "university"}).json()
    assert [i["patent"]["title"] for i in body["items"]] == ["一种电池隔膜"]

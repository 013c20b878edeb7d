"""The pages and the API: who sees what, the form's round trip, the public list without economic data."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import translation

from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import Product, ProductStatus
from patentbridge.products.tests.factories import clerk, enterprise, filer_user, product_factory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(patent, **overrides):
    return {"name": "冷却模组", "model": "A1", "category": "汽车零部件", "industry": "3670 汽车零部件及配件制造",
            "launched_on": "2023-05-01", "patents": patent.lookup_number, "year": str(dt.date.today().year - 1),
            "sales": "1000000", "output": "1000000", "exports": "0", "profit": "1", "ip_input": "0",
            "patent_share": "50", **overrides}


def test_the_form_files_a_product_and_shows_its_page():
    filer = enterprise()
    client = _client(filer_user(filer))
    response = client.post("/products/new/", _form(PatentFactory(owner=filer)))
    product = Product.objects.get(filer=filer)
    assert response.status_code == 302 and response["Location"] == f"/products/{product.pk}/"
    page = client.get(f"/products/{product.pk}/").content.decode()
    assert "Awaiting review" in page and "Own patent" in page


def test_the_form_shows_the_refused_patent_and_keeps_what_was_typed():
    filer = enterprise()
    foreign = PatentFactory()
    response = _client(filer_user(filer)).post("/products/new/", _form(foreign, sales="abc"))
    text = response.content.decode()
    assert response.status_code == 400 and foreign.display_number in text and "冷却模组" in text
    assert not Product.objects.exists()


def test_another_enterprise_cannot_open_or_edit_the_product():
    product = product_factory(status=ProductStatus.RETURNED)
    client = _client(filer_user(enterprise()))
    assert client.get(f"/products/{product.pk}/").status_code == 404
    assert client.get(f"/products/{product.pk}/edit/").status_code == 404


def test_an_enterprise_user_cannot_open_the_review_queue_nor_decide():
    product = product_factory(status=ProductStatus.SUBMITTED)
    client = _client(filer_user(product.filer))
    assert client.get("/products/review/").status_code == 403
    assert client.post(f"/products/{product.pk}/decide/", {"decision": "filed", "reason": "x"}).status_code == 403
    assert Product.objects.get(pk=product.pk).status == ProductStatus.SUBMITTED


def test_the_clerk_files_from_the_product_page():
    product = product_factory(status=ProductStatus.SUBMITTED)
    client = _client(clerk())
    assert product.name in client.get("/products/review/").content.decode()
    client.post(f"/products/{product.pk}/decide/", {"decision": "filed", "reason": "材料齐全"})
    assert Product.objects.get(pk=product.pk).filing_number.startswith("GDCP")


def test_the_regulator_cannot_open_the_filing_form():
    assert _client(clerk()).get("/products/new/").status_code == 403


def test_the_public_list_shows_filed_products_without_economic_data():
    product = product_factory(year_data={2025: {"sales": "987654321"}})
    hidden = product_factory(status=ProductStatus.SUBMITTED)
    page = Client().get("/products/").content.decode()
    assert product.name in page and product.filing_number in page and hidden.name not in page
    assert "987" not in page
    api = Client().get("/api/v1/products/public").json()
    assert [item["filing_number"] for item in api["items"]] == [product.filing_number]
    assert "sales" not in json.dumps(api)


def _on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def test_a_missed_update_says_so_on_the_page(monkeypatch):
    product = product_factory(year_data={})
    _on(monkeypatch, dt.date(2026, 5, 10))
    page = _client(filer_user(product.filer)).get(f"/products/{product.pk}/").content.decode()
    assert 'data-testid="update-missed"' in page and "sits out 2026" in page


def test_a_late_report_says_so_on_the_page(monkeypatch):
    product = product_factory(year_data={2025: {"on_time": False}})
    _on(monkeypatch, dt.date(2026, 5, 10))
    page = _client(filer_user(product.filer)).get(f"/products/{product.pk}/").content.decode()
    assert 'data-testid="update-missed"' in page and 'data-testid="year-late"' in page


def test_within_the_window_the_update_is_shown_as_due(monkeypatch):
    product = product_factory(year_data={})
    _on(monkeypatch, dt.date(2026, 2, 10))
    page = _client(filer_user(product.filer)).get(f"/products/{product.pk}/").content.decode()
    assert 'data-testid="update-due"' in page and 'data-testid="update-missed"' not in page


def test_the_revocation_prompt_shows_on_the_page():
    product = product_factory(revoke_prompted_on=dt.date(2026, 11, 26))
    page = _client(filer_user(product.filer)).get(f"/products/{product.pk}/").content.decode()
    assert 'data-testid="revoke-prompt"' in page


def test_the_api_refuses_a_foreign_patent_with_the_envelope():
    filer = enterprise()
    client = _client(filer_user(filer))
    foreign = PatentFactory()
    body = {"name": "x", "category": "y", "industry": "3670", "launched_on": "2023-01-01",
            "patents": [foreign.lookup_number], "data": {"year": 2025, "sales": 1, "output": 1, "patent_share": 5}}
    response = client.post("/api/v1/products", body, content_type="application/json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "validation_error"
    assert foreign.display_number in error["details"]["patents"][0]


def test_the_api_files_and_the_regulator_gets_403_when_filing():
    filer = enterprise()
    body = {"name": "x", "category": "y", "industry": "3670", "launched_on": "2023-01-01",
            "patents": [PatentFactory(owner=filer).lookup_number],
            "data": {"year": 2025, "sales": 1, "output": 1, "patent_share": 5}}
    created = _client(filer_user(filer)).post("/api/v1/products", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["patents"][0]["basis"] == "own"
    refused = _client(clerk()).post("/api/v1/products", {**body, "filer_id": filer.pk},
                                    content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"

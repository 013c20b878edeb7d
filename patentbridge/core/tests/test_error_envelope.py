"""Every API failure has the one error shape {"error": {"code", "message", "details"}}."""

import pytest
from django.test import Client

ENVELOPE_KEYS = {"code", "message", "details"}


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ENVELOPE_KEYS
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.mark.django_db
def test_unknown_api_path_gets_not_found_envelope(client):
    assert_envelope(client.get("/api/v1/no-such-thing"), 404, "not_found")


@pytest.mark.django_db
def test_wrong_method_gets_envelope(client):
    assert_envelope(client.delete("/api/v1/patents"), 405, "method_not_allowed")


@pytest.mark.django_db
def test_anonymous_write_gets_not_authenticated_envelope(client):
    assert_envelope(client.post("/api/v1/patents", {"title": "x"}, content_type="application/json"),
                    401, "not_authenticated")


@pytest.mark.django_db
def test_anonymous_write_from_a_browser_gets_not_authenticated_not_csrf_failure():
    response = Client(enforce_csrf_checks=True).post("/api/v1/patents", {"title": "x"},
                                                     content_type="application/json")
    assert_envelope(response, 401, "not_authenticated")


@pytest.mark.django_db
def test_malformed_json_gets_envelope_not_500(logged_in_client):
    client, _, _ = logged_in_client()
    response = client.post("/api/v1/patents", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()["error"]) == ENVELOPE_KEYS


@pytest.mark.django_db
def test_bad_filter_value_gets_validation_envelope(client):
    error = assert_envelope(client.get("/api/v1/patents?type=teapot"), 400, "validation_error")
    assert "type" in error["details"]


@pytest.mark.django_db
def test_unknown_patent_number_gets_not_found_envelope(client):
    assert_envelope(client.get("/api/v1/patents/CN201410264351.3"), 404, "not_found")


@pytest.mark.django_db
def test_garbage_patent_number_gets_validation_envelope(client):
    assert_envelope(client.get("/api/v1/patents/hello"), 400, "validation_error")


@pytest.mark.django_db
def test_session_write_without_csrf_token_is_refused_with_envelope(make_member):
    user, _ = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/patents", {"title": "x"}, content_type="application/json")
    assert_envelope(response, 403, "csrf_failed")


@pytest.mark.django_db
def test_session_write_with_the_csrf_token_passes_authentication(make_member):
    user, _ = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/login/")  # sets the csrftoken cookie
    response = client.post("/api/v1/patents", {"title": "x"}, content_type="application/json",
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code not in (401, 403), response.content


@pytest.mark.django_db
def test_bearer_token_write_needs_no_csrf_token(make_member):
    from patentbridge.core.services import api_token_create

    user, _ = make_member()
    token = api_token_create(user=user, name="t")
    response = Client(enforce_csrf_checks=True).post("/api/v1/patents", {"title": "x"},
                                                     content_type="application/json",
                                                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code not in (401, 403), response.content

"""Out-of-range numbers, NUL characters and broken uploads are refused with the envelope, never a 500."""

import pytest
from django.test import Client

from patentbridge.api import api
from patentbridge.core.services import api_token_create
from patentbridge.orgs.models import OrgKind, Role

BEYOND_64_BITS = str(2**64)
ENVELOPE_KEYS = {"code", "message", "details"}


def _operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    return [(path, method, operation) for path, methods in schema["paths"].items()
            for method, operation in methods.items()]


def _integer_path_parameters(operation: dict) -> list[str]:
    return [p["name"] for p in operation.get("parameters", [])
            if p["in"] == "path" and p["schema"].get("type") == "integer"]


def _filled(path: str, operation: dict, number: str) -> str:
    for name in _integer_path_parameters(operation):
        path = path.replace("{" + name + "}", number)
    return path.replace("{number}", "CN201710667329.7").replace("{kind}", "assessment")


def _paginated_paths() -> list[str]:
    return sorted(_filled(path, operation, "1") for path, method, operation in _operations()
                  if method == "get" and any(p["name"] == "offset" for p in operation.get("parameters", [])))


def _paths_with_integer_ids() -> list[tuple[str, str]]:
    return sorted((method, _filled(path, operation, BEYOND_64_BITS)) for path, method, operation in _operations()
                  if _integer_path_parameters(operation))


@pytest.fixture
def token_client(make_member) -> Client:
    user, _ = make_member()
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='bounds')}")


@pytest.fixture
def admin_token_client(make_member) -> Client:
    """A platform administrator passes the permission checks, so the ids reach the database."""
    user, _ = make_member(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='bounds')}")


def assert_envelope(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert set(response.json()["error"]) == ENVELOPE_KEYS
    return response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", _paginated_paths())
def test_offset_beyond_64_bits_is_a_validation_error(token_client, path):
    error = assert_envelope(token_client.get(path, {"offset": BEYOND_64_BITS}), 422)
    assert error["details"][0]["loc"] == ["query", "offset"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", _paginated_paths())
def test_limit_beyond_64_bits_is_a_validation_error(token_client, path):
    error = assert_envelope(token_client.get(path, {"limit": BEYOND_64_BITS}), 422)
    assert error["details"][0]["loc"] == ["query", "limit"]


@pytest.mark.django_db
def test_limit_above_the_configured_page_size_is_a_validation_error(token_client, settings):
    assert_envelope(token_client.get("/api/v1/patents", {"limit": settings.API_MAX_PAGE_SIZE + 1}), 422)


@pytest.mark.django_db
def test_limit_at_the_configured_page_size_is_accepted(token_client, settings):
    assert token_client.get("/api/v1/patents", {"limit": settings.API_MAX_PAGE_SIZE}).status_code == 200


@pytest.mark.django_db
def test_offset_at_its_bound_is_accepted(token_client):
    from patentbridge.core.pagination import MAX_OFFSET

    assert token_client.get("/api/v1/patents", {"offset": MAX_OFFSET}).json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), _paths_with_integer_ids())
def test_id_beyond_64_bits_in_a_path_is_not_a_server_error(admin_token_client, method, path):
    response = getattr(admin_token_client, method)(path, {}, content_type="application/json")
    assert response.status_code in (404, 422), response.content


@pytest.mark.django_db
def test_nul_character_in_a_json_string_is_a_validation_error(token_client):
    response = token_client.post("/api/v1/demands", {"title": "a\x00b", "problem": "p"},
                                 content_type="application/json")
    error = assert_envelope(response, 400)
    assert error["code"] == "validation_error" and "title" in error["details"]


@pytest.mark.django_db
def test_nul_character_in_a_query_parameter_is_a_validation_error(client):
    error = assert_envelope(client.get("/api/v1/organisations", {"q": "a\x00b"}), 400)
    assert error["code"] == "validation_error" and "q" in error["details"]


@pytest.mark.django_db
def test_nul_character_in_a_form_field_is_a_validation_error(token_client):
    response = token_client.post("/api/v1/imports", {"mapping": "a\x00b", "file": _upload()})
    assert assert_envelope(response, 400)["code"] == "validation_error"


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("patents.csv", "申请号,名称\n".encode(), content_type="text/csv")


@pytest.mark.django_db
def test_multipart_upload_without_a_boundary_is_a_bad_request(token_client):
    response = token_client.post("/api/v1/imports", b"--x\r\n", content_type="multipart/form-data")
    assert assert_envelope(response, 400)["code"] == "bad_request"


@pytest.mark.django_db
def test_multipart_upload_with_a_truncated_body_is_not_a_server_error(token_client):
    body = b'--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx'
    response = token_client.post("/api/v1/imports", body, content_type="multipart/form-data; boundary=abc")
    assert response.status_code in (400, 422) and set(response.json()["error"]) == ENVELOPE_KEYS


@pytest.mark.django_db
def test_json_body_sent_to_an_upload_endpoint_is_a_validation_error(token_client):
    response = token_client.post("/api/v1/imports", {"file": "x"}, content_type="application/json")
    assert_envelope(response, 422)


@pytest.mark.django_db
def test_multipart_body_without_a_boundary_on_a_json_endpoint_is_a_bad_request(token_client):
    response = token_client.post("/api/v1/demands", b"x", content_type="multipart/form-data")
    assert response.status_code in (400, 422) and set(response.json()["error"]) == ENVELOPE_KEYS


@pytest.mark.django_db
def test_multipart_without_a_boundary_under_a_session_csrf_check_is_refused_with_the_envelope(make_member):
    user, _ = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/imports", b"x", content_type="multipart/form-data")
    assert response.status_code in (400, 403) and set(response.json()["error"]) == ENVELOPE_KEYS


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_json_numbers_are_a_validation_error(token_client, number):
    body = '{"payment_mode": "lump_sum", "estimate": {"x": NUMBER}}'.replace("NUMBER", number)
    response = token_client.post("/api/v1/patents/CN201710667329.7/open-licence/check", body,
                                 content_type="application/json")
    assert assert_envelope(response, 400)["code"] == "validation_error"


@pytest.mark.django_db
def test_an_estimate_base_beyond_the_money_precision_is_a_validation_error(token_client):
    response = token_client.post("/api/v1/open-licences/estimate", {"method": "own_income", "base": "1e30",
                                                                    "rate": "5"}, content_type="application/json")
    assert_envelope(response, 422)


@pytest.mark.django_db
def test_a_prior_fee_beyond_the_money_precision_is_a_validation_error(token_client):
    response = token_client.post("/api/v1/open-licences/estimate", {"method": "prior_royalties",
                                                                    "prior_fees": ["1e30"]},
                                 content_type="application/json")
    assert_envelope(response, 422)


@pytest.mark.django_db
def test_an_invited_organisation_id_beyond_64_bits_is_a_validation_error(make_member):
    user, _ = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='bounds')}")
    response = client.post("/api/v1/demands", {"title": "t", "problem": "p", "visibility": "invited",
                                               "invited": [2**64]}, content_type="application/json")
    assert_envelope(response, 422)


@pytest.mark.django_db
def test_a_body_above_the_upload_limit_is_too_large(token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = token_client.post("/api/v1/demands", {"title": "t" * 200, "problem": "p"},
                                 content_type="application/json")
    assert assert_envelope(response, 413)["code"] == "too_large"


@pytest.mark.django_db
def test_too_many_query_parameters_is_a_bad_request(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.get("/api/v1/patents?" + "&".join(f"q{n}=x" for n in range(10)))
    assert assert_envelope(response, 400)["code"] == "bad_request"

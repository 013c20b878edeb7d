"""The OpenAPI document tells the truth: who may call each operation and which error envelopes it answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def is_public(operation: dict) -> bool:
    return {} in operation.get("security", [])


def test_every_operation_states_how_to_authenticate(schema):
    schemes = set(schema["components"]["securitySchemes"])
    assert schemes == {"TokenAuth", "SessionAuth"}
    for path, method, operation in operations(schema):
        security = operation.get("security")
        assert security, f"{method} {path} states no security"
        assert all(set(requirement) <= schemes for requirement in security), f"{method} {path}"
        assert {"TokenAuth": []} in security and {"SessionAuth": []} in security, f"{method} {path}"


def test_public_reads_are_marked_as_open_to_anonymous_callers(schema):
    public = {(method, path) for path, method, operation in operations(schema) if is_public(operation)}
    assert ("get", "/api/v1/patents") in public and ("get", "/api/v1/search") in public
    assert not any(method != "get" for method, _ in public)


@pytest.mark.django_db
def test_documented_security_matches_what_an_anonymous_caller_gets(schema):
    anonymous = Client(enforce_csrf_checks=True)
    for path, method, operation in operations(schema):
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(anonymous, method)(url, content_type="application/json")
        if is_public(operation):
            assert response.status_code != 401, f"{method} {path} is documented as public"
        else:
            assert response.status_code == 401, f"{method} {path} is documented as needing a sign-in"
            assert response.json()["error"]["code"] == "not_authenticated"


def test_operations_that_need_a_sign_in_document_401_and_403(schema):
    for path, method, operation in operations(schema):
        if not is_public(operation):
            assert {"401", "403"} <= set(operation["responses"]), f"{method} {path}"


def test_public_reads_do_not_document_401(schema):
    for path, method, operation in operations(schema):
        if is_public(operation):
            assert "401" not in operation["responses"], f"{method} {path}"


def test_every_operation_documents_internal_errors_and_invalid_input(schema):
    for path, method, operation in operations(schema):
        responses = set(operation["responses"])
        assert "500" in responses, f"{method} {path}"
        if operation.get("parameters") or operation.get("requestBody"):
            assert {"400", "422"} <= responses, f"{method} {path}"


def test_operations_with_a_path_parameter_document_404(schema):
    for path, method, operation in operations(schema):
        if "{" in path:
            assert "404" in operation["responses"], f"{method} {path}"


def test_writes_document_409(schema):
    for path, method, operation in operations(schema):
        if method != "get":
            assert "409" in operation["responses"], f"{method} {path}"


def test_every_error_response_has_the_envelope_schema(schema):
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                content = response["content"]["application/json"]["schema"]
                assert content == {"$ref": ENVELOPE_REF}, f"{method} {path} {status}"


def test_envelope_schema_is_a_component_with_code_message_and_details(schema):
    envelope = schema["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["error"]
    body_ref = envelope["properties"]["error"]["$ref"].rsplit("/", 1)[-1]
    body = schema["components"]["schemas"][body_ref]
    assert set(body["properties"]) == {"code", "message", "details"}

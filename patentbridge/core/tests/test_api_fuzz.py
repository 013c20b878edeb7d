"""Random input never produces a 500: every failure is the error envelope."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
PATENT_KEYS = ["application_number", "publication_number", "title", "ipc", "ipc_main", "applicants",
               "application_date", "grant_date", "legal_status", "patent_type", "organisation_id"]
PAYLOADS = st.dictionaries(st.sampled_from(PATENT_KEYS), JSON_VALUES, max_size=8)
QUERY = st.dictionaries(st.sampled_from(["q", "type", "ipc", "status", "city", "year", "limit", "offset",
                                         "organisation", "applicant"]),
                        st.text(max_size=12), max_size=5)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.fixture
def member_client(db):
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory())
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@SETTINGS
@given(payload=PAYLOADS)
def test_random_patent_payloads_never_crash(member_client, payload):
    assert_no_server_error(member_client.post("/api/v1/patents", payload, content_type="application/json"))


@pytest.mark.django_db
@SETTINGS
@given(params=QUERY)
def test_random_list_queries_never_crash(client, params):
    assert_no_server_error(client.get("/api/v1/patents", params))


@pytest.mark.django_db
@SETTINGS
@given(number=st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and "?" not in s and "#" not in s))
def test_random_patent_numbers_never_crash(client, number):
    assert_no_server_error(client.get(f"/api/v1/patents/{number}"))


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.") and "/api/v1/patents" in schema["paths"]


def test_api_docs_address_redirects_to_the_docs(client):
    assert client.get("/api/docs")["Location"] == "/api/v1/docs"

import datetime as dt
import json

import pytest
from django.test import Client

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services
from patentbridge.pool.models import PoolEntry, PoolState


@pytest.fixture
def pooled(make_member):
    user, org = make_member(Role.TECH_TRANSFER_MANAGER)
    patents = [PatentFactory(owner=org, application_date=dt.date(2016 + i, 5, 1)) for i in range(4)]
    services.inventory_add_owned([p.pk for p in patents])
    services.assess_register()
    PoolEntry.objects.filter(patent=patents[0]).update(state=PoolState.POOLED)
    return user, org, patents


def test_assessment_endpoint_returns_score_tier_dimensions_and_indicators(pooled):
    patent = pooled[2][0]
    body = Client().get(f"/api/v1/patents/{patent.lookup_number}/assessment").json()
    assert {"score", "tier", "dimensions", "indicators"} <= set(body)
    assert set(body["dimensions"]) == {"legal", "technical", "economic"}
    points = sum(i["points"] for i in body["indicators"] if i["points"] is not None)
    assert points == pytest.approx(body["score"], abs=0.05)


def test_an_unassessed_patent_gets_the_error_envelope(db):
    patent = PatentFactory()
    response = Client().get(f"/api/v1/patents/{patent.lookup_number}/assessment")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_assessed"


def test_pool_lists_only_pooled_patents_and_filters_by_tier(pooled):
    patent = pooled[2][0]
    body = Client().get("/api/v1/pool").json()
    assert [i["patent_number"] for i in body["items"]] == [patent.patent_number]
    tier = body["items"][0]["tier"]
    other = next(t for t in "ABCD" if t != tier)
    assert Client().get(f"/api/v1/pool?tier={tier}").json()["count"] == 1
    assert Client().get(f"/api/v1/pool?tier={other}").json()["count"] == 0


def test_a_malformed_pool_filter_gets_the_error_envelope(db):
    response = Client().get("/api/v1/pool?tier=Z")
    assert response.status_code in (400, 422)
    assert "error" in response.json()


def test_entries_are_scoped_to_the_institution(pooled, logged_in_client):
    own = Client()
    own.force_login(pooled[0])
    assert own.get("/api/v1/pool/entries").json()["count"] == 4
    stranger, _, _ = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    assert stranger.get("/api/v1/pool/entries").json()["count"] == 0
    entry = PoolEntry.objects.first()
    assert stranger.get(f"/api/v1/pool/entries/{entry.pk}").status_code == 404


def test_a_forbidden_step_names_the_allowed_ones(pooled):
    client = Client()
    client.force_login(pooled[0])
    entry = PoolEntry.objects.exclude(state=PoolState.POOLED).first()
    response = client.post(f"/api/v1/pool/entries/{entry.pk}/move", json.dumps({"to": "converted"}),
                           content_type="application/json")
    assert response.status_code == 409
    assert "office_reviewed" in response.json()["error"]["details"]["allowed"]


def test_an_enterprise_gives_feedback_through_the_api(pooled, logged_in_client):
    client, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    patent = pooled[2][0]
    response = client.post(f"/api/v1/patents/{patent.lookup_number}/feedback",
                           json.dumps({"prospects": 4, "willingness": 5}), content_type="application/json")
    assert response.status_code == 200
    assert patent.market_feedback.get().willingness == 5


def test_an_office_cannot_give_market_feedback(pooled):
    client = Client()
    client.force_login(pooled[0])
    response = client.post(f"/api/v1/patents/{pooled[2][0].lookup_number}/feedback",
                           json.dumps({"prospects": 4, "willingness": 5}), content_type="application/json")
    assert response.status_code == 403


def test_only_platform_admins_publish_configurations(pooled):
    client = Client()
    client.force_login(pooled[0])
    response = client.post("/api/v1/pool/config/assessment", json.dumps({"data": {}}),
                           content_type="application/json")
    assert response.status_code == 403


def test_a_bad_configuration_gets_each_reason(logged_in_client):
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    response = client.post("/api/v1/pool/config/assessment",
                           json.dumps({"data": {"dimensions": {"legal": 1}, "indicators": {}, "tiers": {}}}),
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"

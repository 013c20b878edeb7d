"""Demands: the lifecycle, who sees them, explained matches and the enterprise's answers."""

import pytest

from patentbridge.demands.models import Demand, DemandStatus, Match, Visibility
from patentbridge.demands.services import TRANSITIONS
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services

DEMAND = {"title": "降低空调压缩机噪音", "problem": "压缩机运行时振动大、噪音高，希望找到减振降噪的结构方案。",
          "keywords": ["减振", "降噪"], "modes": ["licence"]}


@pytest.fixture
def enterprise(logged_in_client):
    return logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")


@pytest.fixture
def indexed_patent(db, make_member):
    indexes.forget()
    _, university = make_member(name="华南理工大学")
    patent = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                           ipc_main="F04B39/00", ipc_codes=["F04B39/00"], owner=university)
    services.documents_refresh()
    services.indexes_rebuild()
    yield patent
    indexes.forget()


def create(client, **extra) -> dict:
    response = client.post("/api/v1/demands", {**DEMAND, **extra}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def publish(client, demand_id: int):
    return client.post(f"/api/v1/demands/{demand_id}/transition", {"to": "published"}, content_type="application/json")


@pytest.mark.django_db
def test_enterprise_creates_a_draft_with_suggested_ipc(enterprise, indexed_patent):
    client, _, _ = enterprise
    body = create(client)
    assert body["status"] == "draft" and body["ipc_hints"] == ["F04B"]


@pytest.mark.django_db
def test_only_enterprise_users_post_demands(logged_in_client):
    client, _, _ = logged_in_client()
    assert client.post("/api/v1/demands", DEMAND, content_type="application/json").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("start, target", [(s, t) for s in DemandStatus.values for t in DemandStatus.values
                                           if t not in TRANSITIONS[s] and t != s])
def test_forbidden_transitions_are_refused(enterprise, start, target):
    client, _, organisation = enterprise
    demand = Demand.objects.create(organisation=organisation, title="x", problem="y", status=start)
    response = client.post(f"/api/v1/demands/{demand.pk}/transition", {"to": target}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


@pytest.mark.django_db
@pytest.mark.parametrize("start, target", [(s, t) for s, targets in TRANSITIONS.items() for t in targets])
def test_allowed_transitions_succeed(enterprise, start, target):
    client, _, organisation = enterprise
    demand = Demand.objects.create(organisation=organisation, title="x", problem="y", status=start)
    response = client.post(f"/api/v1/demands/{demand.pk}/transition", {"to": target}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == target


@pytest.mark.django_db
def test_draft_is_invisible_to_everyone_else(enterprise, logged_in_client, client):
    owner, _, _ = enterprise
    demand = create(owner)
    other, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert other.get(f"/api/v1/demands/{demand['id']}").status_code == 404
    assert client.get(f"/api/v1/demands/{demand['id']}").status_code == 404


@pytest.mark.django_db
def test_invited_only_demand_is_hidden_from_other_enterprises(enterprise, logged_in_client, make_member):
    owner, _, _ = enterprise
    _, university = make_member(name="受邀大学")
    demand = create(owner, visibility=Visibility.INVITED, invited=[university.pk])
    publish(owner, demand["id"])
    rival, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert rival.get(f"/api/v1/demands/{demand['id']}").status_code == 404
    assert rival.get("/api/v1/demands").json()["count"] == 0
    assert rival.get(f"/api/v1/demands/{demand['id']}/matches").status_code == 404


@pytest.mark.django_db
def test_invited_institution_sees_the_demand(enterprise, make_member):
    owner, _, _ = enterprise
    member, university = make_member(name="受邀大学")
    demand = create(owner, visibility=Visibility.INVITED, invited=[university.pk])
    publish(owner, demand["id"])
    from django.test import Client

    client = Client()
    client.force_login(member)
    assert client.get(f"/api/v1/demands/{demand['id']}").status_code == 200


@pytest.mark.django_db
def test_members_only_demand_is_hidden_from_anonymous(enterprise, client):
    owner, _, _ = enterprise
    demand = create(owner, visibility=Visibility.MEMBERS)
    publish(owner, demand["id"])
    assert client.get(f"/api/v1/demands/{demand['id']}").status_code == 404


@pytest.mark.django_db
def test_matches_are_explained(enterprise, indexed_patent):
    client, _, _ = enterprise
    demand = create(client)
    body = client.get(f"/api/v1/demands/{demand['id']}/matches").json()
    first = body["items"][0]
    assert first["patent"]["title"] == indexed_patent.title
    assert "压缩机" in first["explanation"]["matched_terms"]
    assert first["explanation"]["shared_ipc"][0]["code"] == "F04B"


@pytest.mark.django_db
def test_enterprise_marks_a_match_interesting_and_the_office_sees_it(enterprise, indexed_patent):
    client, _, _ = enterprise
    demand = create(client)
    publish(client, demand["id"])
    url = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}/answer"
    assert client.post(url, {"interested": True}, content_type="application/json").json()["status"] == "interested"
    assert Demand.objects.get(pk=demand["id"]).status == DemandStatus.PUBLISHED
    from patentbridge.demands.selectors import interest_for_patents

    assert interest_for_patents([indexed_patent.pk]).get().status == "interested"


@pytest.mark.django_db
def test_not_relevant_needs_a_reason_and_drops_the_patent(enterprise, indexed_patent):
    client, _, _ = enterprise
    demand = create(client)
    url = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}/answer"
    assert client.post(url, {"interested": False}, content_type="application/json").status_code == 400
    client.post(url, {"interested": False, "reason": "需要低成本方案"}, content_type="application/json")
    titles = [i["patent"]["title"] for i in client.get(f"/api/v1/demands/{demand['id']}/matches").json()["items"]]
    assert indexed_patent.title not in titles


@pytest.mark.django_db
def test_patent_office_sends_its_patent_to_a_demand(enterprise, indexed_patent):
    owner, _, _ = enterprise
    demand = create(owner)
    publish(owner, demand["id"])
    from django.test import Client

    from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory

    manager = UserFactory()
    MembershipFactory(user=manager, organisation=indexed_patent.applicant_links.get().organisation,
                      role=Role.TECH_TRANSFER_MANAGER)
    office = Client()
    office.force_login(manager)
    url = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}/send"
    assert office.post(url, {"note": "可提供样机"}, content_type="application/json").json()["status"] == "sent"
    assert Match.objects.get().note == "可提供样机"


@pytest.mark.django_db
def test_office_cannot_send_another_institutions_patent(enterprise, indexed_patent, logged_in_client):
    owner, _, _ = enterprise
    demand = create(owner)
    publish(owner, demand["id"])
    other_office, _, _ = logged_in_client()
    url = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}/send"
    assert other_office.post(url, {"note": "x"}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_budget_range_must_be_ordered(enterprise):
    client, _, _ = enterprise
    response = client.post("/api/v1/demands", {**DEMAND, "budget_min": "500000", "budget_max": "1000"},
                           content_type="application/json")
    assert response.status_code == 400 and "budget_max" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_suggest_endpoint_gives_ipc_hints_for_a_text(client, indexed_patent):
    body = client.get("/api/v1/demands/suggest", {"text": "压缩机振动噪音大"}).json()
    assert body["ipc_hints"] == ["F04B"] and "industry" in body


@pytest.mark.django_db
def test_a_known_industry_code_is_kept(enterprise):
    client, _, _ = enterprise
    assert create(client, industry="3911")["industry"] == "3911"


@pytest.mark.django_db
def test_an_empty_industry_code_is_a_validation_error(enterprise):
    client, _, _ = enterprise
    response = client.post("/api/v1/demands", {**DEMAND, "industry": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_an_unknown_industry_code_is_a_validation_error(enterprise):
    client, _, _ = enterprise
    response = client.post("/api/v1/demands", {**DEMAND, "industry": "9999"}, content_type="application/json")
    assert response.status_code == 400 and "industry" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_a_null_industry_clears_it(enterprise):
    client, _, _ = enterprise
    demand = create(client, industry="3911")
    response = client.patch(f"/api/v1/demands/{demand['id']}", {"industry": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["industry"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["keywords", "ipc_hints", "modes", "invited", "visibility", "desired_effect"])
def test_null_for_a_field_that_cannot_be_empty_is_a_validation_error(enterprise, field):
    client, _, _ = enterprise
    response = client.post("/api/v1/demands", {**DEMAND, field: None}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["details"][0]["loc"][-1] == field


@pytest.mark.django_db
def test_null_in_a_patch_for_a_field_that_cannot_be_empty_is_a_validation_error(enterprise):
    client, _, _ = enterprise
    demand = create(client)
    response = client.patch(f"/api/v1/demands/{demand['id']}", {"modes": None}, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.django_db
def test_a_platform_administrator_without_an_enterprise_cannot_post_a_demand(logged_in_client):
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    response = client.post("/api/v1/demands", DEMAND, content_type="application/json")
    assert response.status_code == 400 and "organisation" in response.json()["error"]["details"]
    assert not Demand.objects.exists()


@pytest.mark.django_db
def test_enterprise_shortlists_a_patent_and_it_is_then_not_sent_to_it(enterprise, indexed_patent):
    owner, _, _ = enterprise
    demand = create(owner)
    publish(owner, demand["id"])
    base = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}"
    assert owner.post(f"{base}/shortlist").json()["status"] == "shortlisted"
    from django.test import Client

    from patentbridge.orgs.tests.factories import member_of

    office = Client()
    office.force_login(member_of(indexed_patent.applicant_links.get().organisation))
    response = office.post(f"{base}/send", {"note": "x"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


@pytest.mark.django_db
def test_only_the_enterprise_shortlists_for_its_demand(enterprise, indexed_patent, logged_in_client):
    owner, _, _ = enterprise
    demand = create(owner)
    publish(owner, demand["id"])
    rival, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    url = f"/api/v1/demands/{demand['id']}/matches/{indexed_patent.application_number}/shortlist"
    assert rival.post(url).status_code == 403 and not Match.objects.exists()


@pytest.mark.django_db
def test_match_explanations_leave_out_filler_words(enterprise, indexed_patent):
    client, _, _ = enterprise
    indexed_patent.abstract = "需要降低压缩机振动时，弹性支座把振动降到不影响使用的程度。"
    indexed_patent.save()
    services.documents_refresh()
    services.indexes_rebuild()
    demand = create(client, problem="需要把压缩机的振动降低到不影响使用的程度")
    first = client.get(f"/api/v1/demands/{demand['id']}/matches").json()["items"][0]
    assert "压缩机" in first["explanation"]["matched_terms"]
    assert not {"需要", "到", "不", "的"} & set(first["explanation"]["matched_terms"])

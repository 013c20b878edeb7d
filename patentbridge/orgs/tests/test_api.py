import pytest

from patentbridge.orgs.models import IdentityChange, Organisation, OrgKind, Role


@pytest.mark.django_db
def test_organisations_are_listed_publicly(client, make_member):
    make_member()
    body = client.get("/api/v1/organisations").json()
    assert body["count"] == 1


@pytest.mark.django_db
def test_an_administrator_updates_the_record_and_the_credit_code_waits_for_review(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}",
                            {"uscc": "91440300708461136T", "city": "440300"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["pending_identity_change"]["changes"] == {"uscc": "91440300708461136T"}
    organisation.refresh_from_db()
    assert (organisation.uscc, organisation.city_id) == (None, "440300")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INVENTOR, Role.TECH_TRANSFER_MANAGER])
def test_a_member_who_does_not_administer_cannot_rename_the_organisation(logged_in_client, role):
    client, _, organisation = logged_in_client(role)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"name": "改名大学"},
                            content_type="application/json")
    assert response.status_code == 403
    assert not IdentityChange.objects.exists()


@pytest.mark.django_db
def test_a_rename_applies_only_when_a_platform_admin_approves(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    client.patch(f"/api/v1/organisations/{organisation.pk}", {"name": "新名称大学"}, content_type="application/json")
    organisation.refresh_from_db()
    assert organisation.name != "新名称大学"
    admin, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    change = admin.get("/api/v1/identity-changes").json()[0]
    assert client.post(f"/api/v1/identity-changes/{change['id']}/review",
                       {"approve": True}, content_type="application/json").status_code == 403
    body = admin.post(f"/api/v1/identity-changes/{change['id']}/review", {"approve": True},
                      content_type="application/json").json()
    organisation.refresh_from_db()
    assert body["status"] == "approved" and organisation.name == "新名称大学"


@pytest.mark.django_db
def test_bad_credit_code_is_refused_with_reason(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"uscc": "91440300708461136A"},
                            content_type="application/json")
    assert response.status_code == 400
    assert "校验位" in response.json()["error"]["details"]["uscc"]


@pytest.mark.django_db
def test_user_of_organisation_a_cannot_edit_organisation_b(logged_in_client, make_member):
    client, _, _ = logged_in_client()
    _, other = make_member()
    response = client.patch(f"/api/v1/organisations/{other.pk}", {"name": "改名"}, content_type="application/json")
    assert response.status_code == 403
    assert Organisation.objects.get(pk=other.pk).name != "改名"


@pytest.mark.django_db
def test_only_platform_admin_creates_organisations(logged_in_client):
    payload = {"name": "示例科技有限公司", "kind": "enterprise", "size_class": "small"}
    client, _, _ = logged_in_client()
    assert client.post("/api/v1/organisations", payload, content_type="application/json").status_code == 403
    admin, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    assert admin.post("/api/v1/organisations", payload, content_type="application/json").status_code == 201


@pytest.mark.django_db
def test_size_class_is_refused_for_a_university(logged_in_client):
    admin, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    payload = {"name": "示例大学", "kind": "university", "size_class": "small"}
    response = admin.post("/api/v1/organisations", payload, content_type="application/json")
    assert response.status_code == 400 and "size_class" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_duplicate_organisation_name_is_a_conflict(logged_in_client):
    admin, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    payload = {"name": "示例科技有限公司", "kind": "enterprise"}
    admin.post("/api/v1/organisations", payload, content_type="application/json")
    response = admin.post("/api/v1/organisations", {**payload, "name": "示例科技 有限公司"},
                          content_type="application/json")
    assert response.status_code == 409


@pytest.mark.django_db
def test_empty_city_is_refused_with_validation_envelope(logged_in_client):
    client, _, organisation = logged_in_client()
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"city": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_unknown_city_is_refused_with_validation_envelope(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"city": "999999"},
                            content_type="application/json")
    assert response.status_code == 400 and "city" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_null_city_clears_the_city(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN, city_id="440300")
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"city": None}, content_type="application/json")
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.city_id is None


@pytest.mark.django_db
def test_null_credit_code_clears_the_credit_code_when_a_platform_admin_does_it(logged_in_client, make_member):
    _, organisation = make_member(uscc="91440300708461136T")
    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"uscc": None}, content_type="application/json")
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.uscc is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "名" * 201])
def test_empty_or_overlong_name_is_refused_with_validation_envelope(logged_in_client, name):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"name": name}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_blank_name_is_refused_with_validation_envelope(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"name": "   "}, content_type="application/json")
    assert response.status_code == 400 and "name" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_invalid_website_is_refused_with_validation_envelope(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"website": "not a url"},
                            content_type="application/json")
    assert response.status_code == 400 and "website" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_overlong_credit_code_is_refused_with_validation_envelope(logged_in_client):
    client, _, organisation = logged_in_client(Role.ORG_ADMIN)
    response = client.patch(f"/api/v1/organisations/{organisation.pk}", {"uscc": "9" * 19},
                            content_type="application/json")
    assert response.status_code in (400, 422) and response.json()["error"]["code"] == "validation_error"

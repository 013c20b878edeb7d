import pytest
from django.utils import translation

from patentbridge.orgs.models import City


@pytest.mark.django_db
def test_members_are_hidden_from_other_organisations(logged_in_client, make_member):
    client, _, _ = logged_in_client()
    member, other = make_member()
    assert member.username not in client.get(f"/orgs/{other.pk}/").content.decode()


@pytest.mark.django_db
def test_administrator_edits_own_organisation_and_bad_code_is_explained(logged_in_client):
    client, _, organisation = logged_in_client("org_admin")
    response = client.post(f"/orgs/{organisation.pk}/edit/", {
        "name": organisation.name, "kind": organisation.kind, "uscc": "91440300708461136A"})
    assert response.status_code == 200 and "校验位" in response.content.decode()


@pytest.mark.django_db
def test_edit_page_of_another_organisation_is_forbidden(logged_in_client, make_member):
    client, _, _ = logged_in_client()
    _, other = make_member()
    assert client.get(f"/orgs/{other.pk}/edit/").status_code == 403


@pytest.mark.django_db
def test_directory_filters_by_kind(client, make_member):
    make_member(name="某某大学")
    make_member("enterprise_user", "enterprise", name="某某科技有限公司")
    html = client.get("/orgs/?kind=enterprise").content.decode()
    assert "某某科技有限公司" in html and "某某大学" not in html


@pytest.mark.django_db
def test_a_rename_from_the_page_waits_for_review_and_says_so(logged_in_client):
    client, _, organisation = logged_in_client("org_admin")
    page = client.post(f"/orgs/{organisation.pk}/edit/", {"name": "新名称大学", "kind": organisation.kind},
                       follow=True).content.decode()
    organisation.refresh_from_db()
    assert organisation.name != "新名称大学" and "flash-info" in page


@pytest.mark.django_db
def test_the_platform_admin_approves_a_rename_on_the_review_page(logged_in_client):
    client, _, organisation = logged_in_client("org_admin")
    client.post(f"/orgs/{organisation.pk}/edit/", {"name": "新名称大学", "kind": organisation.kind})
    admin, _, _ = logged_in_client("platform_admin", "agency")
    page = admin.get("/orgs/identity-changes/").content.decode()
    assert "新名称大学" in page
    change = organisation.identity_changes.get()
    admin.post("/orgs/identity-changes/", {"change": change.pk, "decision": "approve"})
    organisation.refresh_from_db()
    assert organisation.name == "新名称大学"
    assert client.get("/orgs/identity-changes/").status_code == 403


@pytest.mark.django_db
def test_a_city_is_named_in_the_readers_language():
    city = City.objects.get(code="440100")
    with translation.override("en"):
        assert city.name == city.name_en
    with translation.override("zh-hans"):
        assert str(city) == city.name_zh

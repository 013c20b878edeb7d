"""The patents API: reads are public, writes are authenticated and scoped to the user's organisation."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import api_token_create
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.models import Patent
from patentbridge.patents.tests.factories import PatentFactory, application_number

NEW_PATENT = {
    "application_number": "CN201410264351.3",
    "title": "一种语音增强方法",
    "ipc": ["G10L21/02", "H04R3/00"],
    "application_date": "2014-05-14",
    "legal_status": "pending",
}


@pytest.mark.django_db
def test_list_filters_by_ipc_subclass(client):
    PatentFactory(ipc_main="H04R1/28", ipc_codes=["H04R1/28"])
    PatentFactory(ipc_main="G06F9/445", ipc_codes=["G06F9/445", "H04R3/00"])
    PatentFactory(ipc_main="G06F9/445", ipc_codes=["G06F9/445"])
    body = client.get("/api/v1/patents?ipc=H04R").json()
    assert body["count"] == 2 and len(body["items"]) == 2


@pytest.mark.django_db
def test_list_is_paged_as_items_and_count(client):
    PatentFactory.create_batch(3)
    body = client.get("/api/v1/patents?limit=2&offset=0").json()
    assert set(body) == {"items", "count"} and body["count"] == 3 and len(body["items"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["CN{}", "ZL{}", "{}", "{compact}"])
def test_detail_by_any_form_of_application_number(client, form):
    number = application_number(7)
    PatentFactory(application_number=number)
    url = "/api/v1/patents/" + form.format(number, compact=number.replace(".", ""))
    assert client.get(url).json()["application_number"] == number


@pytest.mark.django_db
def test_detail_by_publication_number(client):
    PatentFactory(publication_number="CN107295441A", grant_number="CN107295441B")
    assert client.get("/api/v1/patents/CN107295441B").json()["grant_number"] == "CN107295441B"


@pytest.mark.django_db
def test_detail_gives_chinese_ipc_titles(client):
    patent = PatentFactory(ipc_main="H04R1/28", ipc_codes=["H04R1/28"])
    ipc = client.get(f"/api/v1/patents/{patent.application_number}").json()["ipc"]
    assert ipc[0]["code"] == "H04R1/28" and ipc[0]["title_zh"]


@pytest.mark.django_db
def test_tech_transfer_manager_creates_patent_for_own_organisation(logged_in_client):
    client, _, organisation = logged_in_client()
    response = client.post("/api/v1/patents", NEW_PATENT, content_type="application/json")
    assert response.status_code == 201, response.content
    patent = Patent.objects.get(application_number="201410264351.3")
    assert patent.owner_org_ids() == [organisation.pk]
    assert patent.expiry_date.isoformat() == "2034-05-13"  # filed 2014-05-14: the day before the 20th anniversary


@pytest.mark.django_db
def test_create_with_bad_check_character_gets_field_error(logged_in_client):
    client, _, _ = logged_in_client()
    response = client.post("/api/v1/patents", {**NEW_PATENT, "application_number": "CN201410264351.4"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "application_number" in response.json()["error"]["details"]


@pytest.mark.django_db
def test_create_duplicate_number_gets_conflict(logged_in_client):
    client, _, _ = logged_in_client()
    client.post("/api/v1/patents", NEW_PATENT, content_type="application/json")
    response = client.post("/api/v1/patents", NEW_PATENT, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


@pytest.mark.django_db
def test_user_without_owner_role_cannot_create(logged_in_client):
    client, _, _ = logged_in_client(Role.BANK_OFFICER, OrgKind.FINANCIAL)
    response = client.post("/api/v1/patents", NEW_PATENT, content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


@pytest.mark.django_db
def test_owner_updates_own_patent_and_change_is_audited(logged_in_client):
    client, user, organisation = logged_in_client()
    patent = PatentFactory(owner=organisation)
    response = client.patch(f"/api/v1/patents/{patent.application_number}", {"title": "新的名称"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == "新的名称"
    entry = LogEntry.objects.get_for_object(patent).latest("timestamp")
    assert entry.actor == user and "title" in entry.changes_dict


@pytest.mark.django_db
def test_user_of_organisation_a_cannot_edit_organisation_b_patent(logged_in_client, make_member):
    client, _, _ = logged_in_client()
    _, other = make_member()
    patent = PatentFactory(owner=other)
    response = client.patch(f"/api/v1/patents/{patent.application_number}", {"title": "篡改"},
                            content_type="application/json")
    assert response.status_code == 403
    assert Patent.objects.get(pk=patent.pk).title != "篡改"


@pytest.mark.django_db
def test_refused_edit_is_recorded_as_security_event(logged_in_client, make_member):
    client, user, _ = logged_in_client()
    patent = PatentFactory(owner=make_member()[1])
    client.patch(f"/api/v1/patents/{patent.application_number}", {"title": "x"}, content_type="application/json")
    assert SecurityEvent.objects.filter(kind="permission_denied", user=user).exists()


@pytest.mark.django_db
def test_update_with_impossible_date_gets_error_and_keeps_record(logged_in_client):
    client, _, organisation = logged_in_client()
    patent = PatentFactory(owner=organisation)
    response = client.patch(f"/api/v1/patents/{patent.application_number}", {"grant_date": "1999-01-01"},
                            content_type="application/json")
    assert response.status_code == 400 and "grant_date" in response.json()["error"]["details"]
    assert Patent.objects.get(pk=patent.pk).grant_date is None


@pytest.mark.django_db
def test_bearer_token_authenticates_writes(make_member):
    user, _ = make_member()
    token = api_token_create(user=user, name="test")
    response = Client().post("/api/v1/patents", NEW_PATENT, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201


@pytest.mark.django_db
def test_invalid_token_is_refused(client):
    response = client.post("/api/v1/patents", NEW_PATENT, content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer pb_nope")
    assert response.status_code == 401


@pytest.mark.django_db
def test_import_by_api_keeps_good_rows_and_lists_rejections(logged_in_client):
    client, _, organisation = logged_in_client(name="华南理工大学")
    rows = ("申请号,专利名称,主分类号,申请人\n"
            "CN201410264351.3,一种语音增强方法,G10L21/02,华南理工大学\n"
            "CN201410264351.4,校验位错误,G10L21/02,华南理工大学\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.csv", rows.encode(), content_type="text/csv")
    response = client.post("/api/v1/imports", {"file": upload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rows_created"], body["rows_rejected"]) == (1, 1)
    rejections = client.get(f"/api/v1/imports/{body['id']}/rejections").json()
    assert rejections["items"][0]["line"] == 3 and rejections["items"][0]["field"] == "application_number"


@pytest.mark.django_db
def test_import_refuses_rows_of_other_organisations(logged_in_client):
    client, _, _ = logged_in_client(name="华南理工大学")
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "申请号,专利名称,申请人\nCN201410264351.3,一种语音增强方法,深圳大学\n"
    response = client.post("/api/v1/imports", {"file": SimpleUploadedFile("l.csv", rows.encode())})
    assert response.json()["rows_rejected"] == 1 and Patent.objects.count() == 0


@pytest.mark.django_db
def test_import_of_unsupported_file_type_gets_envelope(logged_in_client):
    client, _, _ = logged_in_client()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/api/v1/imports", {"file": SimpleUploadedFile("l.pdf", b"%PDF")})
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_other_users_import_is_not_visible(logged_in_client):
    client, _, _ = logged_in_client(name="华南理工大学")
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "申请号,专利名称,申请人\nCN201410264351.3,一种语音增强方法,华南理工大学\n"
    import_id = client.post("/api/v1/imports", {"file": SimpleUploadedFile("l.csv", rows.encode())}).json()["id"]
    other, _, _ = logged_in_client()
    assert other.get(f"/api/v1/imports/{import_id}").status_code == 404

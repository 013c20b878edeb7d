"""Pages of the register: list with filters, detail, language, import upload with its error report."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.models import IpcEntry
from patentbridge.patents.tests.factories import PatentFactory


@pytest.mark.django_db
def test_list_filters_by_ipc_subclass(client):
    PatentFactory(title="一种音箱腔体", ipc_main="H04R1/28", ipc_codes=["H04R1/28"])
    PatentFactory(title="一种重启方法", ipc_main="G06F9/445", ipc_codes=["G06F9/445"])
    html = client.get("/patents/?ipc=H04R").content.decode()
    assert "一种音箱腔体" in html and "一种重启方法" not in html


@pytest.mark.django_db
def test_list_offers_ipc_subclasses_with_chinese_titles(client):
    html = client.get("/patents/?ipc=H04R").content.decode()
    assert 'value="H04R"' in html and "扬声器" in html


@pytest.mark.django_db
def test_ipc_picker_returns_classes_of_a_section(client):
    html = client.get("/patents/ipc-options/?section=H").content.decode()
    assert 'value="H04"' in html and 'value="G06"' not in html


@pytest.mark.django_db
def test_bad_filter_shows_message_not_error_page(client):
    response = client.get("/patents/?year=abc&ipc=XYZ")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "flash-error" in response.content.decode()


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results(client):
    PatentFactory()
    html = client.get("/patents/", HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in html and "<html" not in html


@pytest.mark.django_db
def test_detail_shows_ipc_title_timeline_and_expiry(client):
    patent = PatentFactory(ipc_main="H04R1/28", ipc_codes=["H04R1/28"], application_date=dt.date(2017, 8, 7))
    html = client.get(f"/patents/{patent.application_number}/").content.decode()
    assert "扬声器" in html
    assert "2037-08-06" in html  # the last day of the term (Patent Law Art 42)


@pytest.mark.django_db
def test_unknown_patent_page_is_404(client):
    assert client.get("/patents/CN201410264351.3/").status_code == 404


@pytest.mark.django_db
def test_language_can_be_switched_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/patents/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_default_language_is_simplified_chinese(client):
    assert '<html lang="zh-hans">' in client.get("/patents/").content.decode()


@pytest.mark.django_db
def test_import_page_reports_bad_rows(logged_in_client):
    client, _, _ = logged_in_client(name="华南理工大学")
    rows = ("申请号,专利名称,主分类号,申请人\n"
            "CN201410264351.3,一种语音增强方法,G10L21/02,华南理工大学\n"
            ",没有申请号,G10L21/02,华南理工大学\n")
    response = client.post("/patents/imports/new/", {"file": SimpleUploadedFile("l.csv", rows.encode())}, follow=True)
    html = response.content.decode()
    assert 'data-testid="rows-created">1<' in html and "没有申请号" not in html
    assert "application_number" in html


@pytest.mark.django_db
def test_import_page_refuses_users_without_import_role(logged_in_client):
    client, _, _ = logged_in_client(Role.BANK_OFFICER, OrgKind.FINANCIAL)
    assert client.get("/patents/imports/new/").status_code == 403


def test_import_page_requires_sign_in(client):
    assert client.get("/patents/imports/new/").status_code == 302


@pytest.mark.django_db
def test_owner_edits_patent_on_its_page(logged_in_client):
    client, user, organisation = logged_in_client()
    patent = PatentFactory(owner=organisation)
    response = client.post(f"/patents/{patent.application_number}/edit/", {
        "title": "改进后的名称", "ipc": "G10L15/22; H04R1/28", "legal_status": "in_force"})
    assert response.status_code == 302
    patent.refresh_from_db()
    assert (patent.title, patent.ipc_main) == ("改进后的名称", "G10L15/22")


@pytest.mark.django_db
def test_edit_with_unknown_ipc_shows_reason_and_changes_nothing(logged_in_client):
    client, _, organisation = logged_in_client()
    patent = PatentFactory(owner=organisation)
    response = client.post(f"/patents/{patent.application_number}/edit/", {
        "title": "新名称", "ipc": "Z99Z1/00", "legal_status": "in_force"})
    assert response.status_code == 200 and "IPC" in response.content.decode()
    patent.refresh_from_db()
    assert patent.title != "新名称"


@pytest.mark.django_db
def test_edit_page_of_another_organisations_patent_is_forbidden(logged_in_client, make_member):
    client, _, _ = logged_in_client()
    patent = PatentFactory(owner=make_member()[1])
    assert client.get(f"/patents/{patent.application_number}/edit/").status_code == 403


@pytest.mark.django_db
def test_english_browser_still_gets_chinese_by_default(client):
    html = client.get("/patents/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html


@pytest.mark.django_db
def test_detail_page_survives_an_ipc_code_missing_from_the_scheme(client):
    patent = PatentFactory(ipc_main="H04R99/99", ipc_codes=["H04R99/99", "Y10S901/00"])
    assert client.get(f"/patents/{patent.application_number}/").status_code == 200


@pytest.mark.django_db
def test_organisation_page_lists_its_patents(client, make_member):
    _, organisation = make_member()
    PatentFactory(owner=organisation, title="一种组织的专利")
    assert "一种组织的专利" in client.get(f"/orgs/{organisation.pk}/").content.decode()


@pytest.mark.django_db
def test_organisation_page_pages_through_its_patents(client, make_member):
    from patentbridge.patents.panels import ORGANISATION_PAGE_SIZE

    _, organisation = make_member()
    for i in range(ORGANISATION_PAGE_SIZE + 1):
        PatentFactory(owner=organisation, title=f"组织专利{i:02d}")
    html = client.get(f"/orgs/{organisation.pk}/?page=2").content.decode()
    assert len(re.findall(r"组织专利\d\d", html)) == 1


@pytest.mark.django_db
def test_edit_with_a_future_grant_date_keeps_the_typed_title_and_marks_the_date(logged_in_client):
    client, _, organisation = logged_in_client()
    patent = PatentFactory(owner=organisation)
    response = client.post(f"/patents/{patent.application_number}/edit/", {
        "title": "新名称", "legal_status": "in_force", "grant_date": "2999-01-01"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="新名称"' in page and 'id="id_grant_date_error"' in page
    patent.refresh_from_db()
    assert patent.title != "新名称"


def test_an_ipc_title_shows_in_the_active_language_only():
    entry = IpcEntry(code="F04B", title_zh="液体变容式机械；泵", title_en="POSITIVE-DISPLACEMENT MACHINES FOR LIQUIDS; PUMPS")
    with translation.override("zh-hans"):
        assert entry.title == "液体变容式机械；泵"
    with translation.override("en"):
        assert entry.title == "POSITIVE-DISPLACEMENT MACHINES FOR LIQUIDS; PUMPS"


@pytest.mark.django_db
def test_the_change_history_names_each_field_and_its_labels_not_stored_values(client):
    patent = PatentFactory(legal_status="in_force")
    patent.legal_status = "expired"
    patent.save()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/patents/{patent.application_number}/").content.decode()
    assert "Legal status: In force → Expired" in html
    assert "in_force" not in html.split("Change history")[1]


@pytest.mark.django_db
def test_list_counts_exactly_up_to_the_limit(client, settings):
    settings.LIST_COUNT_LIMIT = 3
    PatentFactory.create_batch(3)
    html = client.get("/patents/").content.decode()
    assert "共 3 件专利" in html and "超过" not in html


@pytest.mark.django_db
def test_list_past_the_limit_says_more_than_and_asks_for_filters(client, settings):
    settings.LIST_COUNT_LIMIT = 3
    PatentFactory.create_batch(4)
    html = client.get("/patents/").content.decode()
    assert "超过 3 件专利，请用筛选条件缩小范围。" in html


@pytest.mark.django_db
def test_list_past_the_limit_pages_only_through_the_limit(client, settings, monkeypatch):
    monkeypatch.setattr("patentbridge.patents.views.PAGE_SIZE", 2)
    settings.LIST_COUNT_LIMIT = 3
    PatentFactory.create_batch(6)
    html = client.get("/patents/?page=9").content.decode()
    assert "第 2 页（可翻阅前 2 页）" in html and html.count('data-testid="patent-link"') == 1


def test_a_list_count_limit_below_one_is_refused_at_start(settings):
    from django.core.checks import run_checks

    settings.LIST_COUNT_LIMIT = 0
    assert "core.E020" in {message.id for message in run_checks()}

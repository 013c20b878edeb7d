"""The managers' pages as their users see them (activated in English where text is read)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from patentbridge.core import panels
from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.tests.factories import admin_of, manager_of, training, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
LAST_WEEK = (dt.date.today() - dt.timedelta(days=7)).isoformat()


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def caseload_panel():
    """A section another app adds to the office's page (as casework will)."""
    def panel(request, organisation):
        return mark_safe(f"<section data-testid='caseload'>{organisation.name}</section>")  # noqa: S308 - test text
    panels.panel_register("managers.office", panel)
    yield
    panels._slots["managers.office"].remove(panel)


def test_the_office_page_lists_managers_with_hours_and_the_panels_of_other_apps(caseload_panel):
    uni = university()
    li = manager_of(uni, rank=Rank.SENIOR)
    training(li, "12", dt.date.today())
    page = client_of(admin_of(uni)).get("/managers/office/").content.decode()
    assert li.username in page and "Senior" in page and "12.0" in page
    assert f"<section data-testid='caseload'>{uni.name}</section>" in page


def test_the_office_page_shows_who_is_below_the_training_target(settings):
    settings.MANAGER_TRAINING_HOURS_TARGET = "24"
    uni = university()
    manager_of(uni)
    page = client_of(admin_of(uni)).get("/managers/office/").content.decode()
    assert 'data-testid="training-target"' in page and 'data-testid="below-target"' in page


def test_without_a_target_no_target_is_shown(settings):
    settings.MANAGER_TRAINING_HOURS_TARGET = ""
    uni = university()
    manager_of(uni)
    page = client_of(admin_of(uni)).get("/managers/office/").content.decode()
    assert 'data-testid="training-target"' not in page and 'data-testid="below-target"' not in page


def test_the_administrator_sets_a_grade_through_the_form():
    uni = university()
    li = manager_of(uni)
    response = client_of(admin_of(uni)).post(f"/managers/people/{li.pk}/grade/", {
        "rank": "intermediate", "rank_since": "2025-06-01", "certificate_number": "JS-9", "certificate_issuer": "研究会"})
    assert response.status_code == 302
    assert ManagerProfile.objects.get(user=li).rank == Rank.INTERMEDIATE


def test_the_profile_page_shows_the_grade_history():
    uni = university()
    admin, li = admin_of(uni), manager_of(uni)
    client_of(admin).post(f"/managers/people/{li.pk}/grade/", {"rank": "junior"})
    page = client_of(li).get(f"/managers/people/{li.pk}/").content.decode()
    assert admin.username in page and "Not graded → Junior" in page


def test_a_manager_adds_training_with_evidence_and_downloads_it():
    li = manager_of(university())
    client = client_of(li)
    response = client.post(f"/managers/people/{li.pk}/training/", {
        "course": "专利许可实务", "provider": "保护中心", "hours": "6", "taken_on": LAST_WEEK,
        "evidence": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 x", "application/pdf")})
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    download = client.get(f"/managers/training/{record.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_a_refused_training_keeps_what_was_typed():
    li = manager_of(university())
    response = client_of(li).post(f"/managers/people/{li.pk}/training/", {
        "course": "专利许可实务", "provider": "保护中心", "hours": "6", "taken_on": LAST_WEEK,
        "evidence": SimpleUploadedFile("cert.exe", b"MZ", "application/octet-stream")})
    assert response.status_code == 400 and "专利许可实务" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_manager_edits_their_profile_and_makes_it_public():
    li = manager_of(university())
    response = client_of(li).post("/managers/me/", {"bio": "简介", "ipc_codes": "H01M 电池", "industries": "38",
                                                    "tags": "新能源", "languages": "中文", "public": "on"})
    assert response.status_code == 302
    profile = ManagerProfile.objects.get(user=li)
    assert profile.public and profile.ipc_codes == ["H01M"]


def test_an_unknown_field_is_shown_next_to_it():
    li = manager_of(university())
    response = client_of(li).post("/managers/me/", {"ipc_codes": "Q99"})
    assert response.status_code == 400 and "Q99" in response.content.decode()


def test_an_enterprise_reads_a_public_profile_without_training():
    uni = university()
    li = manager_of(uni, public=True, certificate_number="SECRET-1")
    training(li, "8", dt.date.today(), course="保密课程")
    firm_user = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ENTERPRISE_USER)
    page = client_of(firm_user).get(f"/managers/people/{li.pk}/").content.decode()
    assert li.username in page and "SECRET-1" not in page and "保密课程" not in page


def test_an_enterprise_finds_public_managers_in_the_directory():
    uni = university()
    shown, hidden = manager_of(uni, public=True), manager_of(uni)
    firm_user = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ENTERPRISE_USER)
    client = client_of(firm_user)
    assert client.get("/managers/").url == "/managers/directory/"
    page = client.get("/managers/directory/").content.decode()
    assert shown.username in page and hidden.username not in page


def test_the_regulator_sees_managers_by_city_and_grade():
    manager_of(university("440300"), rank=Rank.SENIOR)
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    client = client_of(regulator)
    assert client.get("/managers/").url == "/managers/overview/"
    page = client.get("/managers/overview/").content.decode()
    assert "深圳市" in page and "Senior" in page


def test_the_import_page_reports_each_bad_row():
    uni = university()
    li = manager_of(uni)
    upload = SimpleUploadedFile("t.csv", f"用户名,课程,培训机构,学时,日期\n{li.username},课程,机构,4,{LAST_WEEK}\n"
                                         f"{li.username},课程二,机构,-1,{LAST_WEEK}\n".encode(), "text/csv")
    page = client_of(admin_of(uni)).post(f"/managers/office/{uni.pk}/import/", {"file": upload}).content.decode()
    assert 'data-testid="import-errors"' in page and "<td>3</td>" in page
    assert TrainingRecord.objects.count() == 1


def test_the_template_downloads():
    response = client_of(admin_of(university())).get("/managers/import-template/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('template.xlsx"')


def test_the_office_page_asks_the_same_number_of_queries_for_more_managers():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    uni = university()
    client = client_of(admin_of(uni))

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/managers/office/").status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        training(manager_of(uni, ipc_codes=["H01M"], public=True), "4", dt.date.today())
    few = queries()
    for _ in range(5):
        training(manager_of(uni, ipc_codes=["G06"], tags=["新能源"]), "4", dt.date.today())
    assert queries() == few


def test_an_enterprises_administrator_runs_no_managers_office():
    client = Client()
    client.force_login(member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ORG_ADMIN))
    assert client.get(reverse("managers:index")).url == reverse("managers:directory")
    assert client.get(reverse("managers:office")).status_code == 403

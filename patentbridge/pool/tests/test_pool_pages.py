import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services
from patentbridge.pool.exports import FEE_COLUMNS, INVENTORY_COLUMNS
from patentbridge.pool.models import PoolEntry, PoolState


@pytest.fixture
def institution(logged_in_client):
    client, user, org = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, title="一种机器人关节减速器", application_date=dt.date(2018, 2, 1),
                           grant_date=dt.date(2020, 6, 1))
    services.inventory_add_owned([patent.pk])
    services.assess_register()
    return client, user, org, patent


def test_public_pool_page_needs_no_sign_in_and_shows_pooled_patents(institution):
    PoolEntry.objects.update(state=PoolState.POOLED)
    response = Client().get("/pool/")
    assert response.status_code == 200
    assert "一种机器人关节减速器" in response.content.decode()


def test_a_bad_list_filter_is_explained_not_a_crash(db):
    response = Client().get("/pool/public-domain/?industry=C3%25")
    assert response.status_code == 200
    assert "flash-error" in response.content.decode()


def test_public_domain_page_lists_lapsed_patents(db):
    PatentFactory(title="一种过期的散热器", legal_status=LegalStatus.EXPIRED)
    assert "一种过期的散热器" in Client().get("/pool/public-domain/").content.decode()


def test_inventory_page_shows_the_institutions_own_entries_only(institution, logged_in_client):
    client = institution[0]
    assert "一种机器人关节减速器" in client.get("/pool/inventory/").content.decode()
    other, _, _ = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    assert "一种机器人关节减速器" not in other.get("/pool/inventory/").content.decode()
    entry = PoolEntry.objects.get()
    assert other.get(f"/pool/entries/{entry.pk}/").status_code == 404


def test_an_enterprise_user_is_refused_the_inventory(logged_in_client):
    client, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert client.get("/pool/inventory/").status_code == 403


def test_a_forbidden_step_on_the_page_says_why_and_changes_nothing(institution):
    client = institution[0]
    entry = PoolEntry.objects.get()
    response = client.post(f"/pool/entries/{entry.pk}/action/", {"action": "move", "to": "converted"}, follow=True)
    assert "flash-error" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == PoolState.ASSESSED


def test_inventory_export_follows_the_documented_template(institution):
    response = institution[0].get("/pool/inventory/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == list(INVENTORY_COLUMNS)
    assert sheet["B2"].value == "一种机器人关节减速器"


def test_fee_calendar_exports_to_excel(institution):
    response = institution[0].get("/pool/fees/?months=24&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == list(FEE_COLUMNS)
    assert sheet.max_row >= 2


def test_marking_a_fee_paid_records_it(institution):
    client, _, _, patent = institution
    client.post("/pool/fees/paid/", {"number": patent.lookup_number, "year": "9", "amount": "2000.00",
                                     "paid_on": "2026-01-20"})
    assert patent.fee_payments.get().year == 9


def test_another_institution_cannot_record_a_payment(institution, logged_in_client):
    other, _, _ = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    response = other.post("/pool/fees/paid/", {"number": institution[3].lookup_number, "year": "9", "amount": "1"})
    assert response.status_code == 403
    assert not institution[3].fee_payments.exists()


def test_regulator_sees_every_institutions_progress(institution, logged_in_client):
    client, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    assert institution[2].name in client.get("/pool/dashboard/").content.decode()


def test_enterprise_sends_feedback_from_the_patent_page(institution, logged_in_client):
    client, _, company = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    patent = institution[3]
    page = client.get(f"/patents/{patent.lookup_number}/").content.decode()
    assert 'data-testid="feedback-form"' in page
    client.post(f"/pool/feedback/{patent.lookup_number}/", {"prospects": "4", "willingness": "3"})
    assert patent.market_feedback.get().organisation == company


def test_an_admin_saves_a_new_configuration_version_and_a_bad_one_is_explained(logged_in_client):
    import json

    from patentbridge.pool import config
    from patentbridge.pool.models import ConfigVersion

    client, _, _ = logged_in_client(Role.PLATFORM_ADMIN, OrgKind.AGENCY)
    data = config.default_assessment_data()
    data["tiers"] = {"A": 70, "B": 55, "C": 40}
    client.post("/pool/config/", {"kind": "assessment", "data": json.dumps(data), "note": "stricter A"})
    assert config.assessment_settings()[1].tiers.A == 70
    data["tiers"] = {"A": 10, "B": 55, "C": 40}
    page = client.post("/pool/config/", {"kind": "assessment", "data": json.dumps(data)}).content.decode()
    assert "A &gt; B &gt; C" in page
    assert ConfigVersion.objects.filter(kind="assessment").count() == 2


def test_only_admins_open_the_configuration(institution):
    assert institution[0].get("/pool/config/").status_code == 403


def test_an_inventor_without_assignments_sees_an_empty_inventory(logged_in_client):
    client, _, _ = logged_in_client(Role.INVENTOR)
    response = client.get("/pool/inventory/")
    assert response.status_code == 200 and "盘点中还没有专利" in response.content.decode()


def test_an_anonymous_visitor_sees_no_inventory_entry(institution):
    from django.contrib.auth.models import AnonymousUser

    from patentbridge.pool.selectors import entries_visible_to

    assert not entries_visible_to(AnonymousUser()).exists()
    page = Client().get(f"/patents/{institution[3].lookup_number}/").content.decode()
    assert 'data-testid="open-entry"' not in page


def test_the_entry_history_names_the_states_and_the_batch_in_words(institution):
    client, _, _, patent = institution
    entry = PoolEntry.objects.get(patent=patent)
    page = client.get(f"/pool/entries/{entry.pk}/").content.decode()
    assert "平台（批量评估）: 已盘点 → 已评估" in page
    assert "inventoried →" not in page

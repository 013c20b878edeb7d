import datetime as dt
import json

import pytest
from django.test import Client

from patentbridge.licensing.models import LicenceStatus, OpenLicence
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import RecordationStatus


@pytest.fixture
def office(logged_in_client):
    client, user, org = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, title="一种柔性机械臂控制方法", application_date=dt.date(2020, 3, 1),
                           grant_date=dt.date(2022, 6, 1))
    return client, user, org, patent


FORM = {"payment_mode": "lump_sum", "lump_sum": "60000", "term_years": "3", "other_terms": "许可地域：中国大陆"}


def test_the_office_checks_then_declares_from_the_page(office):
    client, _, _, patent = office
    page = client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "check"}).content.decode()
    assert 'data-testid="check-ok"' in page
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    assert patent.open_licence_declarations.get().fee_terms.startswith("一次性支付 60000")


def test_a_refused_declaration_shows_each_rule_and_fix(office):
    client, _, _, patent = office
    page = client.post(f"/licensing/declare/{patent.lookup_number}/",
                       {**FORM, "other_terms": "全球领先", "step": "declare"}).content.decode()
    assert "专利法实施细则第八十五条第三款" in page and "领先" in page
    assert not patent.open_licence_declarations.exists()


def test_the_estimator_shows_its_working(office):
    client, _, _, patent = office
    page = client.post(f"/licensing/declare/{patent.lookup_number}/", {
        **FORM, "lump_sum": "", "step": "estimate", "method": "own_income", "base": "1000000", "rate": "3"}
    ).content.decode()
    assert "30,000.00" in page  # 1,000,000 × 3 % with neutral coefficients


def test_the_estimate_api_answers_with_the_working(office):
    body = office[0].post("/api/v1/open-licences/estimate", json.dumps(
        {"method": "valuation", "base": "2000000", "rate": "5"}), content_type="application/json").json()
    assert body["annual_fee"] == "100000.00" and body["steps"]


def test_the_estimate_api_offers_the_guides_international_common_rates_method(office):
    body = office[0].post("/api/v1/open-licences/estimate", json.dumps(
        {"method": "international_rates", "base": "1000000", "sector": "machinery"}),
        content_type="application/json").json()
    assert body["annual_fee"] == "22500.00" and body["rate"] == "2.25"


def test_the_declaration_page_lists_the_international_rates_method_and_its_sectors(office):
    client, _, _, patent = office
    page = client.get(f"/licensing/declare/{patent.lookup_number}/").content.decode()
    assert 'value="international_rates"' in page and 'value="machinery"' in page


def test_an_enterprise_takes_the_licence_and_gets_contract_and_recordation(office, logged_in_client):
    client, _, _, patent = office
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    declaration = patent.open_licence_declarations.get()
    buyer, _, company = logged_in_client(Role.SIGNATORY, OrgKind.ENTERPRISE)
    response = buyer.post(f"/licensing/take/{declaration.pk}/", {"notice": "我司通知实施并付费。"})
    licence = OpenLicence.objects.get()
    assert response.url == f"/licensing/licences/{licence.pk}/"
    assert licence.status == LicenceStatus.ACTIVE and licence.licensee == company
    assert buyer.get(f"/licensing/licences/{licence.pk}/contract.pdf").content.startswith(b"%PDF")
    buyer.post(f"/licensing/recordations/{licence.recordation.pk}/file/")
    licence.recordation.refresh_from_db()
    assert licence.recordation.status == RecordationStatus.RECORDED


def test_a_recorded_licence_no_longer_asks_to_be_recorded(office, logged_in_client):
    client, _, _, patent = office
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    buyer, _, _ = logged_in_client(Role.SIGNATORY, OrgKind.ENTERPRISE)
    buyer.post(f"/licensing/take/{patent.open_licence_declarations.get().pk}/", {"notice": "我司通知实施并付费。"})
    licence = OpenLicence.objects.get()
    asks = buyer.get(f"/licensing/licences/{licence.pk}/").content.decode()
    buyer.post(f"/licensing/recordations/{licence.recordation.pk}/file/")
    page = buyer.get(f"/licensing/licences/{licence.pk}/").content.decode()
    deadline = f"{licence.recordation.deadline:%Y-%m-%d}"
    assert deadline in asks and deadline not in page


def test_a_third_party_cannot_see_the_licence(office, logged_in_client):
    client, _, _, patent = office
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    buyer, _, _ = logged_in_client(Role.SIGNATORY, OrgKind.ENTERPRISE)
    buyer.post(f"/licensing/take/{patent.open_licence_declarations.get().pk}/", {"notice": "通知"})
    licence = OpenLicence.objects.get()
    stranger, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert stranger.get(f"/licensing/licences/{licence.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/licences/{licence.pk}").status_code == 404
    regulator, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    assert regulator.get(f"/licensing/licences/{licence.pk}/").status_code == 200


def test_the_patentees_inventor_cannot_read_its_licence_contracts(office, logged_in_client):
    client, _, org, patent = office
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    buyer, _, _ = logged_in_client(Role.SIGNATORY, OrgKind.ENTERPRISE)
    buyer.post(f"/licensing/take/{patent.open_licence_declarations.get().pk}/", {"notice": "通知"})
    licence = OpenLicence.objects.get()
    inventor = UserFactory()
    MembershipFactory(user=inventor, organisation=org, role=Role.INVENTOR)
    own = Client()
    own.force_login(inventor)
    assert own.get(f"/licensing/licences/{licence.pk}/contract.pdf").status_code == 404
    assert own.get(f"/api/v1/licences/{licence.pk}").status_code == 404


def test_inventor_sees_their_share_after_the_office_allocates(office, logged_in_client):
    client, _, org, patent = office
    inventor = UserFactory()
    MembershipFactory(user=inventor, organisation=org, role=Role.INVENTOR)
    client.post("/revenue/policy/", {"jurisdiction": "guangdong", "licence_share": "70", "equity_share": "70",
                                     "profit_share": "5", "profit_years": "3", "main_contributor_share": "50",
                                     "deduction_name": "税费", "deduction_percent": "6"})
    client.post("/revenue/income/", {"kind": "licence", "gross": "60000", "received_on": "2026-11-20",
                                     "share-TOTAL_FORMS": "2", "share-INITIAL_FORMS": "0",
                                     "share-0-name": "张教授", "share-0-weight": "60", "share-0-main": "on",
                                     "share-0-account": str(inventor.pk), "share-1-name": "李博士",
                                     "share-1-weight": "40"})
    own = Client()
    own.force_login(inventor)
    page = own.get("/revenue/").content.decode()
    # 60,000 − 6 % = 56,400 net; 70 % = 39,480; 60 % of it = 23,688.00.
    assert "23,688.00" in page
    other = Client()
    other.force_login(UserFactory())
    assert "23,688.00" not in other.get("/revenue/").content.decode()


def test_the_owner_withdraws_from_the_patent_page(office):
    client, _, _, patent = office
    client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    declaration = patent.open_licence_declarations.get()
    client.post(f"/licensing/withdraw/{declaration.pk}/", {"reason": "改为独占许可谈判"})
    declaration.refresh_from_db()
    assert declaration.status == "withdrawn"


def test_an_unreadable_fee_is_shown_by_its_field_as_typed_and_nothing_is_declared(office):
    client, _, _, patent = office
    page = client.post(f"/licensing/declare/{patent.lookup_number}/",
                       {**FORM, "lump_sum": "六万", "step": "declare"}).content.decode()
    assert 'id="lump_sum_error"' in page and 'value="六万"' in page
    assert not patent.open_licence_declarations.exists()


def test_the_patent_page_offers_an_open_licence_declaration_only_when_the_rules_allow_it(office):
    client, _, _, patent = office
    assert 'data-testid="declare-link"' in client.get(f"/patents/{patent.lookup_number}/").content.decode()
    patent.legal_status = "expired"
    patent.save()
    page = client.get(f"/patents/{patent.lookup_number}/").content.decode()
    assert 'data-testid="declare-link"' not in page and 'data-testid="not-declarable"' in page


def test_the_open_licence_list_shows_each_licence_fee(office, client):
    office_client, _, _, patent = office
    office_client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    page = client.get("/pool/open-licences/").content.decode()
    assert 'data-testid="open-licence-fee">¥60,000.00</span>' in page


def test_an_open_licence_on_a_lapsed_patent_is_badged_as_not_takeable(office, client):
    office_client, _, _, patent = office
    office_client.post(f"/licensing/declare/{patent.lookup_number}/", {**FORM, "step": "declare"})
    patent.legal_status = "lapsed_fees"
    patent.save()
    page = client.get(f"/patents/{patent.lookup_number}/").content.decode()
    assert 'class="badge status-lapsed" data-testid="open-licence-badge"' in page
    assert 'data-testid="take-licence"' not in page

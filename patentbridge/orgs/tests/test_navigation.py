"""The navigation offers each user only the pages the permission module lets them open."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.navigation import nav_items_for, section_items_for
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

PUBLIC = ["search", "patents", "demands", "pool", "market", "orgs", "products", "cases"]


def _keys(user) -> list[str]:
    return [item.key for item in nav_items_for(user)]


def _member(role: str, kind: str = OrgKind.UNIVERSITY):
    return member_of(OrganisationFactory(kind=kind), role)


def test_a_visitor_is_offered_the_public_pages():
    assert _keys(AnonymousUser()) == PUBLIC


def test_an_office_is_offered_imports_inventory_agreements_and_revenue_but_not_kpis():
    assert _keys(_member(Role.TECH_TRANSFER_MANAGER)) == [
        *PUBLIC, "imports", "inventory", "licences", "deals", "office", "revenue"]


def test_an_inventor_is_offered_the_inventory_disclosures_and_revenue_only():
    assert _keys(_member(Role.INVENTOR)) == [*PUBLIC, "inventory", "office", "revenue"]


def test_an_enterprise_user_is_offered_imports_and_agreements():
    assert _keys(_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)) == [*PUBLIC, "imports", "licences", "deals",
                                                                              "office", "commissioners"]


def test_a_regulator_is_offered_kpis_the_audit_trail_and_the_health_page():
    assert _keys(_member(Role.REGULATOR, OrgKind.REGULATOR)) == [*PUBLIC, "licences", "deals", "office", "commissioners", "kpi",
                                                                  "industry", "audit",
                                                                  "health"]


@pytest.mark.parametrize("role, kind", [(Role.TECH_TRANSFER_MANAGER, OrgKind.UNIVERSITY), (Role.INVENTOR, OrgKind.UNIVERSITY),
                                        (Role.ENTERPRISE_USER, OrgKind.ENTERPRISE), (Role.AGENCY_BROKER, OrgKind.AGENCY),
                                        (Role.BANK_OFFICER, OrgKind.FINANCIAL), (Role.REGULATOR, OrgKind.REGULATOR),
                                        (Role.PLATFORM_ADMIN, OrgKind.AGENCY)])
def test_every_page_offered_opens(role, kind):
    user = _member(role, kind)
    client = Client()
    client.force_login(user)
    refused = {item.key: client.get(item.url).status_code for item in nav_items_for(user)}
    assert {key: status for key, status in refused.items() if status >= 400} == {}


def test_the_header_lists_only_the_offered_pages():
    client = Client()
    client.force_login(_member(Role.INVENTOR))
    page = client.get("/").content.decode()
    assert 'data-nav="revenue"' in page and 'data-nav="kpi"' not in page and 'data-nav="imports"' not in page


def _section(user, path: str = "/products/") -> list[str]:
    return [item.key for item, _current in section_items_for(user, path)]


def test_the_products_row_offers_a_visitor_the_public_lists_only():
    assert _section(AnonymousUser()) == ["products-public", "recognised", "criteria"]


def test_the_products_row_offers_an_enterprise_its_products_applications_and_rewards():
    assert _section(_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)) == [
        "products-public", "recognised", "products-own", "recognition-mine", "rewards", "criteria"]


def test_the_products_row_offers_a_regulator_the_review_queues_and_rewards():
    assert _section(_member(Role.REGULATOR, OrgKind.REGULATOR)) == [
        "products-public", "recognised", "products-review", "recognition-queue", "rewards", "criteria"]


def test_the_products_row_marks_the_page_shown_and_stays_off_other_parts():
    user = _member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert [item.key for item, current in section_items_for(user, "/products/ours/") if current] == ["products-own"]
    assert _section(user, "/patents/") == []


@pytest.mark.parametrize("role, kind", [(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE), (Role.REGULATOR, OrgKind.REGULATOR),
                                        (Role.PLATFORM_ADMIN, OrgKind.AGENCY)])
def test_every_products_page_offered_opens(role, kind):
    user = _member(role, kind)
    client = Client()
    client.force_login(user)
    statuses = {item.key: client.get(item.url).status_code for item, _current in section_items_for(user, "/products/")}
    assert {key: status for key, status in statuses.items() if status >= 400} == {}


def test_the_office_row_offers_an_office_its_cases_managers_committee_and_tenders():
    assert _section(_member(Role.TECH_TRANSFER_MANAGER), "/managers/") == [
        "casework", "managers", "committee", "tenders"]


def test_the_office_row_offers_an_agency_the_tenders_only_and_the_header_leads_there():
    broker = _member(Role.AGENCY_BROKER, OrgKind.AGENCY)
    assert _section(broker, "/tenders/") == ["tenders"]
    assert next(item.url for item in nav_items_for(broker) if item.key == "office") == "/tenders/"


def test_a_visitor_is_not_offered_the_office():
    assert "office" not in _keys(AnonymousUser())


def test_the_commissioners_row_offers_a_city_regulator_the_rewards_queue_and_ledger():
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR, city_id="440100")
    assert _section(member_of(bureau, Role.REGULATOR), "/commissioners/") == [
        "commissioners-home", "mm-rewards", "mm-queue", "mm-ledger"]


def test_the_commissioners_row_offers_a_broker_its_own_applications():
    assert _section(_member(Role.AGENCY_BROKER, OrgKind.AGENCY), "/matchmaker-rewards/") == [
        "commissioners-home", "mm-rewards", "mm-mine"]


def test_the_commissioners_row_offers_an_enterprise_its_requests_only():
    assert _section(_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE), "/commissioners/") == ["commissioners-home"]


def test_the_market_row_offers_a_bank_its_pledge_disposals():
    bank = _member(Role.BANK_OFFICER, OrgKind.FINANCIAL)
    assert "disposals" in [item.key for item, _current in section_items_for(bank, "/auctions/")]


def test_the_market_row_offers_a_visitor_only_the_public_market():
    keys = [item.key for item, _current in section_items_for(AnonymousUser(), "/listings/")]
    assert keys == ["auctions", "listings", "events"]

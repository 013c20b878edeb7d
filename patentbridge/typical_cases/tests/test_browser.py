"""In a real browser: the office drafts a typical case from its recorded licence and submits it, the regulator
publishes it, and a visitor on a phone finds it by a word and reads it with the licensee anonymised.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.typical_cases.tests.factories import converted_deal

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    university = OrganisationFactory(name="示范理工大学")
    deal = converted_deal(university, counterparty=OrganisationFactory(name="佛山示范电池有限公司",
                                                                       kind=OrgKind.ENTERPRISE, city_id="440600"))
    return SimpleNamespace(
        deal=deal, office=member_of(university),
        regulator=member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_office_drafts_regulator_publishes_visitor_reads_on_a_phone(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page = browser_page.page

    sign_in(page, scenario.office)
    page.goto("/cases/desk/")
    page.get_by_test_id("draft-from-deal").click()
    page.locator("input[name=title]").fill("示范大学电池专利许可佛山企业")
    for name, text in (("summary", "许可后一年量产。"), ("background", "背景"), ("approach", "做法"),
                       ("outcome", "新增储能电池产品线。"), ("lessons", "启示")):
        page.locator(f"textarea[name={name}]").fill(text)
    page.locator("input[name=counterparty_alias]").fill("佛山某电池企业")
    page.get_by_test_id("save-case").click()
    page.get_by_test_id("submit-case").click()
    expect(page.get_by_test_id("case-status")).to_have_attribute("data-status", "submitted")
    sign_out(page)

    sign_in(page, scenario.regulator)
    page.goto("/cases/desk/")
    page.get_by_test_id("review-queue").get_by_role("link", name="示范大学电池专利许可佛山企业").click()
    page.get_by_test_id("publish-case").click()
    expect(page.get_by_test_id("case-status")).to_have_count(0)  # published: no status badge
    sign_out(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/cases/?q=电池")
    page.get_by_test_id("case-title").click()
    expect(page.get_by_test_id("counterparty")).to_have_text("佛山某电池企业")
    expect(page.locator("main")).not_to_contain_text("佛山示范电池有限公司")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    assert not browser_page.errors

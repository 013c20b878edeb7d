"""In a real browser: an organisation's administrator declares its industry on a phone, and a visitor then reads the
patent's industries by route on the patent page (core's browser fixtures; skipped without Chromium unless
PB_REQUIRE_BROWSER=1)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.industries.reference import load_intensive, load_sei
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def declaring(reference_tables, live_server, settings):
    settings.ROOT_URLCONF = "patentbridge.industries.tests.urls"
    settings.TASKS = IMMEDIATE
    load_intensive()
    load_sei()
    organisation = OrganisationFactory(name="华南测试大学")
    return SimpleNamespace(organisation=organisation, admin=member_of(organisation, Role.ORG_ADMIN),
                           patent=PatentFactory(owner=organisation, title="一种通信基站"))


def test_an_admin_declares_on_a_phone_and_a_visitor_sees_the_patent_counted_there(declaring, browser_page):
    from playwright.sync_api import expect

    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.fill("input[name=username]", declaring.admin.username)
    page.fill("input[name=password]", core_browser.PASSWORD)
    page.click("main form button[type=submit]")
    page.goto(f"/orgs/{declaring.organisation.pk}/")
    page.click("[data-testid=declare-industries]")
    page.select_option("select[name=industries]", ["3921"])
    page.click("[data-testid=declare-form] button[type=submit]")
    expect(page.locator("[data-testid=declared-industries]")).to_contain_text("3921 通信系统设备制造")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/patents/{declaring.patent.lookup_number}/")
    row = page.locator("[data-testid=patent-industries] tbody[data-route=applicant] tr", has_text="3921 通信系统设备制造")
    expect(row).to_contain_text("100%")
    expect(row).to_contain_text("信息通信技术制造业")
    assert browser_page.errors == []

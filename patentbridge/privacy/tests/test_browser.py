"""In a real browser: an inventor asks on a phone-width page to erase their data; the officer verifies, reads what
will stay and why, and erases; the inventor can no longer sign in.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.privacy.models import PrivacyRequest
from patentbridge.privacy.tests.factories import officer, person
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    inventor = person()
    InventorShareFactory(income=IncomeFactory(), inventor=inventor, name="张伟")
    return SimpleNamespace(inventor=inventor, officer=officer())


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_an_inventor_asks_for_erasure_and_the_officer_erases(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, s = browser_page.page, scenario

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.inventor)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/privacy/")
    form = page.get_by_test_id("request-form")
    form.locator("input[name=kind][value=erase]").check()
    assert no_sideways_scroll(page)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "received")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.officer)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/privacy/desk/")
    page.get_by_test_id("open-row").get_by_role("link").click()
    page.get_by_test_id("verify-form").locator("textarea").fill("视频通话核验身份证")
    page.get_by_test_id("verify-form").locator("button").click()
    expect(page.locator("[data-testid=source][data-source=reward_shares]")).to_contain_text("会计档案管理办法")
    page.get_by_test_id("answer-form").locator("button").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("kept")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, s.inventor)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert PrivacyRequest.objects.get().outcome["kept"] and not browser_page.errors

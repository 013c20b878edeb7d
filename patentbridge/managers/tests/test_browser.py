"""In a real browser: the office's administrator sets a manager's grade; the manager adds a course on a phone-width
page; the office's page shows the hours.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.managers.tests.factories import admin_of, manager_of, university

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    uni = university()
    return SimpleNamespace(uni=uni, admin=admin_of(uni), manager=manager_of(uni))


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_grade_training_on_a_phone_and_the_offices_hours(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, s = browser_page.page, scenario
    today = timezone.localdate().isoformat()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.admin)
    page.goto("/managers/")
    page.locator(f"[data-testid=manager-row][data-user='{s.manager.username}'] [data-testid=set-rank]").click()
    form = page.get_by_test_id("rank-form")
    form.locator("select[name=rank]").select_option("intermediate")
    form.locator("input[name=rank_since]").fill(today)
    form.locator("input[name=certificate_number]").fill("JSJL-2026-018")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("rank")).to_have_attribute("data-rank", "intermediate")
    expect(page.get_by_test_id("rank-history")).to_contain_text(s.admin.username)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.manager)
    page.goto("/managers/")
    page.get_by_role("link", name=s.manager.username).first.click()
    expect(page.get_by_test_id("rank")).to_have_attribute("data-rank", "intermediate")
    assert page.get_by_test_id("set-rank").count() == 0  # nobody grades themselves
    page.get_by_test_id("add-training").click()
    form = page.get_by_test_id("training-form")
    form.locator("input[name=course]").fill("专利许可合同实务")
    form.locator("input[name=provider]").fill("广东省知识产权保护中心")
    form.locator("input[name=hours]").fill("6")
    form.locator("input[name=taken_on]").fill(today)
    assert no_sideways_scroll(page)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("training")).to_contain_text("专利许可合同实务")
    assert no_sideways_scroll(page)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.admin)
    page.goto("/managers/office/")
    row = page.locator(f"[data-testid=manager-row][data-user='{s.manager.username}']")
    expect(row.get_by_test_id("hours-year")).to_contain_text("6.0")
    expect(row.get_by_test_id("hours-total")).to_contain_text("6.0")
    assert not browser_page.errors

"""In a real browser: a commissioner with a confirmed attribution sees the deal as eligible and applies at phone
width, the city's regulator approves a reduced amount with the reason and records the payment, and the ledger
shows it."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.matchmaker_rewards.models import ApplicationStatus, MatchmakerApplication
from patentbridge.matchmaker_rewards.tests.factories import (
    GUANGZHOU,
    YEAR,
    PolicyFactory,
    attributed,
    regulator_of,
)

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page


@pytest.fixture
def scenario(reference_tables, live_server):
    attribution = attributed("400000.00")
    PolicyFactory(deal_cap=Decimal("15000"), budget=Decimal("1000000"))
    return SimpleNamespace(commissioner=attribution.designation.commissioner, clerk=regulator_of(GUANGZHOU))


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(core_browser.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


def test_apply_approve_reduced_pay_and_ledger(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page = browser_page.page
    _sign_in(page, scenario.commissioner)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/matchmaker-rewards/mine/")
    expect(page.get_by_test_id("eligible-row")).to_contain_text("¥15,000.00")  # 5 % of 400,000, capped per deal
    assert _no_sideways_scroll(page)
    page.get_by_test_id("apply-link").click()
    expect(page.get_by_test_id("result")).to_contain_text("¥15,000.00")
    assert _no_sideways_scroll(page)
    page.get_by_test_id("apply").click()
    expect(page).to_have_url(re.compile(r"/matchmaker-rewards/applications/\d+/$"))
    application_url = page.url

    _sign_in(page, scenario.clerk)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/matchmaker-rewards/queue/")
    page.get_by_test_id("queue-row").locator("a").click()
    expect(page).to_have_url(application_url)
    page.fill("form[action$='approve/'] input[name=amount]", "12000")
    page.fill("form[action$='approve/'] textarea[name=reason]", "合同尚未全部履行")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approved")).to_contain_text("¥12,000.00")
    page.fill("form[action$='pay/'] input[name=reference]", "GZ-MM-001")
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("paid")).to_contain_text("GZ-MM-001")

    page.goto(f"/matchmaker-rewards/ledger/?city={GUANGZHOU}&year={YEAR}")
    expect(page.get_by_test_id("ledger-row")).to_contain_text("合同尚未全部履行")
    expect(page.get_by_test_id("paid-total")).to_have_text("¥12,000.00")
    expect(page.get_by_test_id("budget-left")).to_have_text("¥988,000.00")
    assert browser_page.errors == []
    application = MatchmakerApplication.objects.get()
    assert (application.status, application.paid_amount) == (ApplicationStatus.PAID, Decimal("12000.00"))

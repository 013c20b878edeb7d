"""In a real browser: a city's regulator enters its policy, the enterprise sees the rules and the calculation and
applies, the regulator approves a reduced amount with the reason and records the payment, and the ledger adds up —
at desktop and phone width."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of
from patentbridge.rewards.models import ApplicationStatus, RewardApplication
from patentbridge.rewards.tests.factories import GUANGZHOU, YEAR, filed_product_with_sales, regulator

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page


@pytest.fixture
def scenario(reference_tables, live_server):
    data = filed_product_with_sales("86000000.00")
    return SimpleNamespace(product=data.product, clerk=regulator(),
                           signer=member_of(data.product.filer, Role.SIGNATORY))


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(core_browser.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_policy_application_approval_payment_and_ledger(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page = browser_page.page
    _sign_in(page, scenario.clerk)
    page.goto("/rewards/policies/new/")
    page.select_option("select[name=city]", GUANGZHOU)
    page.fill("input[name=title]", "广州市专利产品销售奖励（测试配置）")
    page.select_option("select[name=basis]", "filed")
    page.fill("input[name=first_year]", str(YEAR))
    page.fill("input[name=rate]", "0.5")
    page.fill("input[name=fixed_amount]", "20000")
    page.fill("input[name=product_cap]", "300000")
    page.fill("input[name=budget]", "5000000")
    page.get_by_test_id("policy-save").click()
    expect(page).to_have_url(re.compile(r"/rewards/$"))

    _sign_in(page, scenario.signer)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/rewards/apply/")
    page.select_option("select[name=product]", str(scenario.product.pk))
    page.select_option("select[name=policy]", index=1)
    page.fill("input[name=year]", str(YEAR))
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("result")).to_contain_text("¥300,000.00")  # 430,000 + 20,000, capped
    assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
    page.get_by_test_id("apply").click()
    expect(page).to_have_url(re.compile(r"/rewards/applications/\d+/$"))
    application_url = page.url

    _sign_in(page, scenario.clerk)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(application_url)
    page.fill("form[action$='approve/'] input[name=amount]", "250000")
    page.fill("form[action$='approve/'] textarea[name=reason]", "部分销售额发票未提供")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approved")).to_contain_text("¥250,000.00")
    page.fill("form[action$='pay/'] input[name=reference]", "GZ-REWARD-001")
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("pay")).to_have_count(0)

    page.goto(f"/rewards/ledger/?city={GUANGZHOU}&year={YEAR}")
    expect(page.get_by_test_id("budget-left")).to_have_text("¥4,750,000.00")
    assert browser_page.errors == []
    application = RewardApplication.objects.get()
    assert (application.status, application.paid_amount) == (ApplicationStatus.PAID, Decimal("250000.00"))

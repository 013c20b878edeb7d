"""The regulator reads the six targets, drills into the product figures and enters the base year in a real browser,
at desktop and phone width; an enterprise is refused. Uses the Chromium set-up of core's test_browser.py."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from patentbridge.core.tests import test_browser as browser
from patentbridge.kpi.tests.factories import contract, enterprise, invention, product, recognised, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = browser.pytestmark
reference_tables = browser.reference_tables
browser_page = browser.browser_page


@pytest.fixture
def kpi_scenario(reference_tables, live_server):
    firm = enterprise("440300", name="深圳浏览器测试电子有限公司")
    filed = product(firm, [invention(firm), invention(firm)], filed_on=dt.date(2025, 3, 1))
    recognised(filed, 2025, "250000000")
    contract(university(), dt.date(2025, 5, 1), "1200000")
    return SimpleNamespace(regulator=member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR),
                           enterprise_user=member_of(firm, Role.ENTERPRISE_USER))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_regulator_reads_the_targets_drills_down_and_enters_the_base_year(kpi_scenario, browser_page, width):
    from playwright.sync_api import expect

    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    browser.sign_in(page, kpi_scenario.regulator)
    page.goto("/kpi/?year=2025")
    expect(page.get_by_test_id("kpi-figure-product_firms").locator("strong")).to_have_text("1")
    expect(page.get_by_test_id("kpi-figure-product_patents").locator("strong")).to_have_text("2")
    expect(page.get_by_test_id("kpi-figure-product_output")).to_contain_text("250,000,000.00")
    expect(page.get_by_test_id("kpi-figure-turnover")).to_contain_text("1,200,000.00")
    expect(page.get_by_test_id("kpi-definition")).to_have_count(6)
    assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")

    page.get_by_test_id("kpi-figure-product_patents").locator("a").click()
    expect(page).to_have_url(re.compile(r"/kpi/records/product_patents/\?.*year=2025"))
    expect(page.get_by_test_id("kpi-records").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("kpi-records")).to_contain_text("深圳浏览器测试电子有限公司")

    page.goto("/kpi/")
    page.get_by_test_id("baseline-form").locator("summary").click()
    form = page.get_by_test_id("baseline-form")
    form.locator("input[name=licences]").fill("80")
    form.locator("input[name=transfers]").fill("20")
    form.locator("input[name=source]").fill("广东省知识产权局2023年统计年报")
    page.get_by_test_id("baseline-submit").click()
    expect(page.locator('tr[data-year="2023"]')).to_contain_text("广东省知识产权局2023年统计年报")
    expect(page.locator('tr[data-year="2023"]')).to_contain_text("100")
    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"


def test_an_enterprise_is_refused_the_dashboard(kpi_scenario, browser_page):
    page = browser_page.page
    browser.sign_in(page, kpi_scenario.enterprise_user)
    page.wait_for_load_state()
    assert page.goto("/kpi/").status == 403
    assert page.goto("/kpi/records/product_firms/").status == 403

"""In a real browser: the office publishes a tender, an agency's broker bids, the office opens the scored bids after
the deadline and awards with reasons, and the broker reads the award on a phone.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.tendering.models import Tender
from patentbridge.tendering.tests.factories import registered_agency

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    agency = registered_agency(organisation__name="广州示范专利代理有限公司")
    return SimpleNamespace(office=member_of(OrganisationFactory(name="示范理工大学", kind=OrgKind.UNIVERSITY)),
                           broker=member_of(agency, Role.AGENCY_BROKER))


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_office_tenders_broker_bids_office_awards_broker_reads_on_a_phone(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page = browser_page.page
    sign_in(page, scenario.office)
    page.goto("/tenders/")
    page.get_by_test_id("new-tender").click()
    page.locator("input[name=title]").fill("示范大学专利代理服务招标")
    page.locator("textarea[name=scope]").fill("发明专利申请约40件")
    page.locator("input[name=period_start]").fill("2027-01-01")
    page.locator("input[name=period_end]").fill("2027-12-31")
    deadline = timezone.localtime() + dt.timedelta(days=21)
    page.locator("input[name=bid_deadline]").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("publish-tender").click()
    expect(page.get_by_test_id("tender-status")).to_have_attribute("data-status", "open")
    tender_url = page.url
    page.context.clear_cookies()

    sign_in(page, scenario.broker)
    page.goto(tender_url)
    page.get_by_test_id("bid-link").click()
    page.locator("input[name=price]").fill("90000")
    page.locator("textarea[name=offer]").fill("三名代理师")
    page.get_by_test_id("submit-bid").click()
    expect(page.get_by_test_id("own-bid")).to_contain_text("90000.00")
    page.context.clear_cookies()

    Tender.objects.update(bid_deadline=timezone.now() - dt.timedelta(minutes=1))  # the deadline passes
    sign_in(page, scenario.office)
    page.goto(tender_url)
    page.get_by_test_id("scores-link").click()
    expect(page.get_by_test_id("total")).to_contain_text("30.00")  # price 100 × 30 %; quality too few to judge
    page.locator("[data-testid=scored-bid] details summary").click()
    page.locator("textarea[name=reasons]").fill("唯一有效投标")
    page.get_by_test_id("award").click()
    expect(page.get_by_test_id("tender-status")).to_have_attribute("data-status", "awarded")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, scenario.broker)
    page.goto(tender_url)
    expect(page.get_by_test_id("awarded-to")).to_have_text("广州示范专利代理有限公司")
    expect(page.get_by_test_id("award-reasons")).to_have_text("唯一有效投标")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    assert not browser_page.errors

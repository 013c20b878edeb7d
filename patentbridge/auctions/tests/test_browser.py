"""In a real browser: two enterprises bid in a live auction, each in its own browser; each page updates without a
reload (the live panel polls), the lot closes by the server's clock, the winner signs the confirmation, downloads it as
a PDF and pays; the deals open, and once signed and recorded the transfer is in the register.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.utils import timezone

from patentbridge.auctions import settlement
from patentbridge.auctions.models import Lot
from patentbridge.auctions.tests import factories as f
from patentbridge.core.tests import test_browser as core_browser
from patentbridge.deals.models import Deal
from patentbridge.deals.services import deal_transition
from patentbridge.orgs.regions import load_regions
from patentbridge.recordation.services import recordation_file

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    load_regions()
    w = f.world()
    w.one, w.two = f.bidding(w)
    return w


def _signed_in(browser, base_url: str, user):
    context = browser.new_context(base_url=base_url, locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(core_browser.TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def test_two_enterprises_bid_live_and_the_winner_gets_the_confirmation_and_the_deal(scenario, browser_page, live_server,
                                                                                      tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    w = scenario
    browser = browser_page.page.context.browser
    first = _signed_in(browser, live_server.url, w.one.user)
    second = _signed_in(browser, live_server.url, w.two.user)
    for page in (first, second):
        page.goto(f"/auctions/{w.lot.pk}/")
        expect(page.get_by_test_id("lot-status")).to_have_attribute("data-status", "bidding")

    first.get_by_test_id("bid-submit").click()  # the form offers the start price
    expect(first.get_by_test_id("you-lead")).to_be_visible()
    expect(second.get_by_test_id("bids")).to_contain_text(w.one.registration.code)  # by polling, no reload

    second.get_by_test_id("bid-amount").fill("101000")
    second.get_by_test_id("bid-submit").click()
    expect(second.get_by_test_id("you-lead")).to_be_visible()
    expect(first.get_by_test_id("outbid")).to_be_visible()
    expect(first.get_by_test_id("current-price")).to_contain_text("101")

    Lot.objects.filter(pk=w.lot.pk).update(ends_at=timezone.now() - dt.timedelta(seconds=1))  # the end passes
    for page in (first, second):
        expect(page.get_by_test_id("lot-status")).to_have_attribute("data-status", "sold")
    expect(second.get_by_test_id("bids")).to_contain_text(w.two.org.name)  # names are shown once bidding has ended

    settlement.confirmation_sign(actor=w.house.staff, lot=Lot.objects.get(pk=w.lot.pk))
    second.reload()
    second.get_by_test_id("sign").click()
    expect(second.get_by_test_id("lot-status")).to_have_attribute("data-status", "confirmed")
    with second.expect_download() as download:
        second.get_by_test_id("confirmation-pdf").click()
    path = tmp_path / "confirmation.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    second.get_by_test_id("pay").click()
    expect(second.get_by_test_id("lot-status")).to_have_attribute("data-status", "settled")
    second.screenshot(path=tmp_path / "settled.png", full_page=True)

    deal = Deal.objects.get(counterparty=w.two.org)
    deal_transition(actor=w.uni_office, deal=deal, to="signed")
    deal_transition(actor=w.two.user, deal=deal, to="signed")
    deal.refresh_from_db()
    with transaction.atomic():  # as the recordation page does; row locks need a transaction on PostgreSQL
        recordation_file(actor=w.uni_office, recordation=deal.recordation)
    assert w.patents[0].owner_org_ids() == [w.two.org.pk]
    assert not browser_page.errors

"""In a real browser: a city's regulator designates a broker and assigns an enterprise; the enterprise asks for service
on a phone; the commissioner accepts, records a visit and recommends a university's patent; a deal on that patent
follows, the commissioner claims it, and the enterprise confirms the attribution on the deal page (390 px).

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.commissioners.models import ServiceRequest
from patentbridge.commissioners.tests.factories import enterprise, regulator_of
from patentbridge.core.tests import test_browser as core_browser
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    firm = enterprise()
    university = OrganisationFactory(name="示范理工大学")
    return SimpleNamespace(
        firm=firm, requester=signer_of(firm), regulator=regulator_of(),
        broker=member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER),
        patent=PatentFactory(owner=university), university=university)


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_designate_request_serve_and_attribute_a_deal(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, s = browser_page.page, scenario
    today = timezone.localdate().isoformat()

    sign_in(page, s.regulator)
    page.goto("/commissioners/")
    form = page.get_by_test_id("designate")
    form.locator("input[name=username]").fill(s.broker.username)
    form.locator("select[name=city]").select_option("440100")
    form.locator("input[name=starts_on]").fill(today)
    form.locator("button[type=submit]").click()
    designation = page.get_by_test_id("designation")
    designation.locator("summary").first.click()
    designation.locator("input[name=enterprise]").fill(s.firm.name)
    designation.locator("form").first.locator("button").click()
    expect(page.get_by_test_id("designation")).to_contain_text(s.firm.name)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.requester)
    page.goto("/commissioners/")
    page.get_by_test_id("open-request").locator("textarea[name=need]").fill("寻找音频降噪专利")
    page.get_by_test_id("open-request").locator("button[type=submit]").click()
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "open")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    request_url = page.url
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.broker)
    page.goto("/commissioners/")
    page.get_by_test_id("desk-requests").get_by_role("link", name=s.firm.name).click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "accepted")
    page.locator("details:has([data-testid=visit-form]) summary").click()
    page.get_by_test_id("visit-form").locator("input[name=visited_on]").fill(today)
    page.get_by_test_id("visit-form").locator("input[name=people]").fill("研发部 李经理")
    page.get_by_test_id("visit-form").locator("button").click()
    page.locator("details:has([data-testid=recommend-form]) summary").click()
    page.get_by_test_id("recommend-form").locator("input[name=patent]").fill(s.patent.application_number)
    page.get_by_test_id("recommend-form").locator("button").click()
    expect(page.locator("main")).to_contain_text(s.patent.title)

    deal = DealFactory(patent=s.patent, owner=s.university, counterparty=s.firm)
    assert ServiceRequest.objects.get(enterprise=s.firm).opened_at <= deal.created_at
    page.goto(request_url)
    page.get_by_test_id("claim-form").locator("select[name=recommendation]").select_option(index=1)
    page.get_by_test_id("claim-form").locator("button").click()
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.requester)
    page.goto(f"/deals/{deal.pk}/")
    page.get_by_test_id("attribution-confirm").click()
    expect(page.get_by_test_id("attribution-status")).to_have_attribute("data-status", "confirmed")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    assert not browser_page.errors

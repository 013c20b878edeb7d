"""In a real browser: the university's office puts a deal above its committee's amount before the committee, calls a
meeting with it on the agenda and records who is present; a member with a conflict of interest declares it and is
offered no vote (on a phone, 390 px); the chair and another member approve; the chair records the decision; the deal
then signs.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.committee.models import CommitteePolicy, MemberRole, ReviewStatus
from patentbridge.committee.tests.factories import seat
from patentbridge.core.tests import test_browser as core_browser
from patentbridge.deals.models import Deal, DealStatus
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
    university = OrganisationFactory(name="示范理工大学", kind=OrgKind.UNIVERSITY)
    firm = OrganisationFactory(name="示范智能装备有限公司", kind=OrgKind.ENTERPRISE)
    CommitteePolicy.objects.create(organisation=university, deal_amount_above=Decimal("1000000"))
    seats = {"chair": seat(university, role=MemberRole.CHAIR), "expert": seat(university),
             "conflicted": seat(university), "absent": seat(university)}
    deal = DealFactory(patent=PatentFactory(owner=university), owner=university, counterparty=firm,
                       status=DealStatus.AGREED, amount=Decimal("2000000"))
    return SimpleNamespace(university=university, office=member_of(university, Role.TECH_TRANSFER_MANAGER),
                           signer=signer_of(firm), seats=seats, deal=deal)


def sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def declare_and_vote(page, meeting_url: str, item: str) -> None:
    page.goto(meeting_url)
    page.get_by_test_id(f"declare-{item}").locator("input[value=no]").check()
    page.get_by_test_id(f"declare-{item}").locator("button").click()
    page.get_by_test_id(f"vote-{item}").locator("input[value=approve]").check()
    page.get_by_test_id(f"vote-{item}").locator("textarea[name=text]").fill("技术成熟，定价合理")
    page.get_by_test_id(f"vote-{item}").locator("button").click()


def test_a_deal_goes_before_the_committee_and_signs_once_approved(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, s = browser_page.page, scenario

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.office)
    page.goto(f"/deals/{s.deal.pk}/")
    expect(page.get_by_test_id("committee-status")).to_have_attribute("data-status", "none")
    page.get_by_test_id("deal-refer").click()
    expect(page.get_by_test_id("committee-status")).to_have_attribute("data-status", ReviewStatus.PENDING)

    page.goto(f"/committee/org/{s.university.pk}/")
    form = page.get_by_test_id("meeting-form")
    form.locator("input[name=title]").fill("2026年第4次评审会")
    form.locator("input[name=starts_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=place]").fill("行政楼 301")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("meeting-status")).to_have_attribute("data-status", "scheduled")
    meeting_url = page.url
    item = page.locator("article[data-testid^=item-]").first.get_attribute("data-testid").removeprefix("item-")
    page.get_by_test_id("meeting-open").click()
    for name in ("chair", "expert", "conflicted"):
        page.get_by_test_id(f"present-{s.seats[name].user.username}").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("3")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.seats["conflicted"].user)
    page.goto("/committee/")
    page.get_by_test_id("my-items").get_by_role("link").first.click()
    page.get_by_test_id(f"declare-{item}").locator("input[value=yes]").check()
    page.get_by_test_id(f"declare-{item}").locator("textarea[name=reason]").fill("本人在受让企业兼职")
    page.get_by_test_id(f"declare-{item}").locator("button").click()
    expect(page.get_by_test_id("conflicted")).to_be_visible()
    expect(page.get_by_test_id(f"vote-{item}")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.seats["expert"].user)
    declare_and_vote(page, meeting_url, item)
    sign_in(page, s.seats["chair"].user)
    declare_and_vote(page, meeting_url, item)
    page.locator(f"details:has([data-testid=decide-{item}]) summary").click()
    page.get_by_test_id(f"decide-{item}").locator("select[name=outcome]").select_option("approved")
    page.get_by_test_id(f"decide-{item}").locator("textarea[name=note]").fill("同意按 200 万元转让")
    page.get_by_test_id(f"decide-{item}").locator("button").click()
    expect(page.get_by_test_id("item-outcome")).to_have_attribute("data-outcome", "approved")

    sign_in(page, s.office)
    page.goto(f"/deals/{s.deal.pk}/")
    expect(page.get_by_test_id("committee-status")).to_have_attribute("data-status", ReviewStatus.APPROVED)
    page.get_by_test_id("deal-to-signed").click()
    sign_in(page, s.signer)
    page.goto(f"/deals/{s.deal.pk}/")
    page.get_by_test_id("deal-to-signed").click()
    expect(page.get_by_test_id("deal-status")).to_contain_text("已签署")
    assert Deal.objects.get(pk=s.deal.pk).status == DealStatus.SIGNED
    assert not browser_page.errors

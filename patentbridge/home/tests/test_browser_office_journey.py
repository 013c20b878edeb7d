"""Issue 15's whole chain in a real browser: an inventor of a university discloses an invention on a phone (two
inventors, 60/40); the office assigns a technology manager, who sees the nearest patents of the register and
assesses; the office decides to file, and as the university's committee policy asks, the decision goes before the
expert committee: a meeting with the review on its agenda, two members approve, the chair records the approval and
the case moves on to "filing decided". The office enters the application; the granted patent arrives in the
register. A 专利运营特派员 designated for the enterprise's city serves its request and recommends that patent; a deal
follows, the commissioner claims it and the enterprise confirms; the manager's case timeline (1366 px) shows the
granted patent, the deal and the commissioner's attribution.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.casework.models import Stage, TechnologyCase
from patentbridge.casework.tests.factories import FILED_NUMBER, institution
from patentbridge.commissioners.models import AttributionStatus
from patentbridge.commissioners.tests.factories import assign, designated, enterprise
from patentbridge.committee.models import MemberRole
from patentbridge.committee.tests.factories import policy, seat
from patentbridge.core.tests import test_browser as core_browser
from patentbridge.deals.models import DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.tests.factories import signer_of
from patentbridge.patents.signals import announce_changed
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes
from patentbridge.search import services as search_services

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD
TITLE = "压缩机隔振降噪支座"
FILED_ON = dt.date(2023, 3, 1)  # FILED_NUMBER is a 2023 application


@pytest.fixture
def scenario(reference_tables, live_server):
    """Created before Playwright starts: the university with its office, manager and inventor, a committee of two
    whose policy asks for review of filing decisions, a close patent in the register (indexed for search), and an
    enterprise of Guangzhou assigned to a commissioner designated for Guangzhou."""
    indexes.forget()
    uni = institution()
    policy(uni.org, filing_needs_review=True)
    near = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                         ipc_main="F04B39/00", owner=uni.org)
    search_services.documents_refresh()
    search_services.indexes_rebuild()
    firm = enterprise()
    designation = designated()
    assign(designation, firm)
    yield SimpleNamespace(uni=uni, near=near, chair=seat(uni.org, role=MemberRole.CHAIR).user,
                          expert=seat(uni.org).user, firm=firm, requester=signer_of(firm),
                          commissioner=designation.commissioner)
    indexes.forget()


def sign_in(page, user, width: int = 1366) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def approve(page, meeting_url: str, item: str) -> None:
    from playwright.sync_api import expect

    page.goto(meeting_url)
    page.get_by_test_id(f"declare-{item}").locator("input[value=no]").check()
    page.get_by_test_id(f"declare-{item}").locator("button").click()
    page.get_by_test_id(f"vote-{item}").locator("input[value=approve]").check()
    page.get_by_test_id(f"vote-{item}").locator("textarea[name=text]").fill("材料新颖，值得申请")
    page.get_by_test_id(f"vote-{item}").locator("button").click()
    expect(page.get_by_test_id(f"vote-{item}")).to_have_count(0)  # voted: the form gives way to the opinion


def test_from_disclosure_through_committee_and_grant_to_an_attributed_deal(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, s, uni = browser_page.page, scenario, scenario.uni

    # 1. The inventor discloses on a phone: two inventors, 60 / 40.
    sign_in(page, uni.inventor, width=390)
    page.goto("/casework/")
    page.get_by_test_id("disclose-link").click()
    form = page.get_by_test_id("disclosure-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=problem]").fill("压缩机振动与噪音大")
    form.locator("textarea[name=solution]").fill("弹性支座加隔振垫，降低压缩机振动噪音")
    form.locator("input[name=inv-0-share]").fill("60")
    form.locator("input[name=inv-1-person]").fill("校外专家王五")
    form.locator("input[name=inv-1-share]").fill("40")
    assert fits(page)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", Stage.DISCLOSURE)
    expect(page.get_by_test_id("disclosure")).to_contain_text("校外专家王五 · 40")
    assert fits(page)
    case_url = page.url

    # 2. The office assigns the manager; the manager sees the nearest patent and assesses; the office decides to
    # file, which the committee's policy sends before the committee.
    sign_in(page, uni.office)
    page.goto(case_url)
    page.locator("details:has([data-testid=assign-form]) summary").click()
    page.get_by_test_id("assign-form").locator("select[name=manager]").select_option(str(uni.manager.pk))
    page.get_by_test_id("assign-form").locator("button").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", Stage.ASSESSMENT)

    sign_in(page, uni.manager)
    page.goto("/casework/")
    page.get_by_test_id("my-tasks").get_by_role("link", name=TITLE).click()
    prior_art = page.get_by_test_id("prior-art")
    expect(prior_art).to_contain_text(s.near.title)
    expect(prior_art.get_by_role("link", name=s.near.display_number)).to_be_visible()
    form = page.get_by_test_id("assessment-form")
    form.locator(f"input[value='{s.near.display_number}']").check()
    form.locator("textarea[name=novelty_doubts]").fill("与最近专利的支座结构相近，隔振垫材料不同")
    form.locator("select[name=route]").select_option("file")
    form.locator("textarea[name=reasons]").fill("材料有新颖性，空调企业有需求")
    form.locator("button").click()
    expect(page.get_by_test_id("assessment")).to_contain_text("空调企业有需求")

    sign_in(page, uni.office)
    page.goto(case_url)
    decision = page.get_by_test_id("decision-form")
    decision.locator("select[name=route]").select_option("file")
    decision.locator("textarea[name=reasons]").fill("申请发明专利")
    decision.locator("button").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", Stage.COMMITTEE)
    expect(page.locator("main")).to_contain_text("专家委员会")

    # 3. The office calls a meeting with the review on its agenda and records who is present; both members
    # approve and the chair records the approval.
    page.goto(f"/committee/org/{uni.org.pk}/")
    expect(page.get_by_test_id("pending-reviews")).to_contain_text(TITLE)
    form = page.get_by_test_id("meeting-form")
    form.locator("input[name=title]").fill("2026年第5次评审会")
    form.locator("input[name=starts_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=place]").fill("行政楼 301")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("meeting-status")).to_have_attribute("data-status", "scheduled")
    meeting_url = page.url
    item_el = page.locator("article[data-testid^=item-]").first
    expect(item_el).to_contain_text(TITLE)
    item = item_el.get_attribute("data-testid").removeprefix("item-")
    page.get_by_test_id("meeting-open").click()
    for member in (s.chair, s.expert):
        page.get_by_test_id(f"present-{member.username}").click()
        expect(page.get_by_test_id(f"present-{member.username}")).to_have_count(0)  # recorded present
    expect(page.get_by_test_id("quorum")).to_contain_text("2 名委员中 2 名出席")

    sign_in(page, s.expert)
    approve(page, meeting_url, item)
    sign_in(page, s.chair)
    approve(page, meeting_url, item)
    page.locator(f"details:has([data-testid=decide-{item}]) summary").click()
    page.get_by_test_id(f"decide-{item}").locator("select[name=outcome]").select_option("approved")
    page.get_by_test_id(f"decide-{item}").locator("textarea[name=note]").fill("同意申请发明专利")
    page.get_by_test_id(f"decide-{item}").locator("button").click()
    expect(page.get_by_test_id("item-outcome")).to_have_attribute("data-outcome", "approved")

    # … and the case moves on; the office enters the application.
    sign_in(page, uni.office)
    page.goto(case_url)
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", Stage.FILING_DECIDED)
    expect(page.get_by_test_id("case-stage")).to_have_text("已决定申请")
    application = page.get_by_test_id("application-form")
    application.locator("input[name=application_number]").fill(f"CN{FILED_NUMBER}")
    application.locator("input[name=filed_on]").fill(FILED_ON.isoformat())
    application.locator("button").click()
    expect(page.get_by_test_id("application-number")).to_contain_text(FILED_NUMBER)

    # 4. Later the granted patent arrives in the register, as an import announces it.
    granted = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, title=f"一种{TITLE}",
                            application_date=FILED_ON, grant_date=timezone.localdate() - dt.timedelta(days=30))
    announce_changed([granted.pk], new_ids=[granted.pk])
    case = TechnologyCase.objects.get()
    assert case.patent_links.get().patent == granted

    # 5. The enterprise asks for service; the commissioner accepts and recommends the patent; a deal follows,
    # the commissioner claims it, and the enterprise confirms.
    sign_in(page, s.requester, width=390)
    page.goto("/commissioners/")
    page.get_by_test_id("open-request").locator("textarea[name=need]").fill("寻找压缩机降噪技术")
    page.get_by_test_id("open-request").locator("button[type=submit]").click()
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "open")
    request_url = page.url

    sign_in(page, s.commissioner)
    page.goto("/commissioners/")
    page.get_by_test_id("desk-requests").get_by_role("link", name=s.firm.name).click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "accepted")
    page.locator("details:has([data-testid=recommend-form]) summary").click()
    page.get_by_test_id("recommend-form").locator("input[name=patent]").fill(granted.application_number)
    page.get_by_test_id("recommend-form").locator("button").click()
    expect(page.locator("main")).to_contain_text(granted.title)

    deal = DealFactory(patent=granted, owner=uni.org, counterparty=s.firm, status=DealStatus.AGREED,
                       amount=Decimal("300000"))
    page.goto(request_url)
    page.get_by_test_id("claim-form").locator("select[name=recommendation]").select_option(index=1)
    page.get_by_test_id("claim-form").locator("button").click()
    expect(page.locator(f"main a[href='/deals/{deal.pk}/']")).to_be_visible()

    sign_in(page, s.requester, width=390)
    page.goto(f"/deals/{deal.pk}/")
    page.get_by_test_id("attribution-confirm").click()
    expect(page.get_by_test_id("attribution-status")).to_have_attribute("data-status", AttributionStatus.CONFIRMED)

    # 6. The manager's case timeline shows the granted patent, the deal and the commissioner's attribution.
    sign_in(page, uni.manager)
    page.goto(case_url)
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator(f"a[href='/patents/{granted.lookup_number}/']").first).to_be_visible()
    expect(timeline).to_contain_text(f"授权：{granted.display_number}")
    deal_link = timeline.get_by_role("link", name=re.compile(f"与{re.escape(s.firm.name)}的交易"))
    expect(deal_link).to_have_attribute("href", f"/deals/{deal.pk}/")
    expect(timeline.get_by_role("link", name="特派员促成认定：已确认")).to_have_attribute("href", f"/deals/{deal.pk}/")
    assert fits(page)
    deal_link.click()
    expect(page.get_by_test_id("attribution-status")).to_have_attribute("data-status", AttributionStatus.CONFIRMED)
    expect(page.get_by_test_id("deal-attribution")).to_contain_text(granted.display_number)
    expect(page.get_by_test_id("deal-attribution")).to_contain_text(
        s.commissioner.get_full_name() or s.commissioner.username)
    assert not browser_page.errors

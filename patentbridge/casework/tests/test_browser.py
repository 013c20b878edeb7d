"""In a real browser: an inventor discloses on a phone-width page; the office assigns a technology manager, who sees
the nearest patents of the register and assesses; the office decides to file (no committee policy here: the committee
step joins at the merge) and enters the application number; a patent with that number then arrives in the register
and shows on the case's timeline.

Drives Debian's headless Chromium through Playwright against `live_server`, with core's browser fixtures. Without
Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone

from patentbridge.casework.models import TechnologyCase
from patentbridge.casework.tests.factories import FILED_NUMBER, institution
from patentbridge.core.tests import test_browser as core_browser
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes
from patentbridge.search import services as search_services

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
PASSWORD = core_browser.PASSWORD


@pytest.fixture
def scenario(reference_tables, live_server):
    indexes.forget()
    uni = institution()
    near = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                         ipc_main="F04B39/00", owner=uni.org)
    search_services.documents_refresh()
    search_services.indexes_rebuild()
    yield SimpleNamespace(uni=uni, near=near)
    indexes.forget()


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_disclose_assess_decide_file_and_see_the_patent_on_the_timeline(scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=core_browser.TIMEOUT_MS)
    page, uni = browser_page.page, scenario.uni

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, uni.inventor)
    page.goto("/casework/")
    page.get_by_test_id("disclose-link").click()
    form = page.get_by_test_id("disclosure-form")
    form.locator("input[name=title]").fill("压缩机隔振降噪支座")
    form.locator("textarea[name=problem]").fill("压缩机振动与噪音大")
    form.locator("textarea[name=solution]").fill("弹性支座加隔振垫，降低压缩机振动噪音")
    form.locator("input[name=inv-0-share]").fill("80")
    form.locator("input[name=inv-1-person]").fill("校外专家王五")
    form.locator("input[name=inv-1-share]").fill("20")
    assert fits(page)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", "disclosure")
    expect(page.get_by_test_id("prior-art")).to_contain_text(scenario.near.display_number)
    assert fits(page)
    case_url = page.url
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, uni.office)
    page.goto(case_url)
    page.locator("details:has([data-testid=assign-form]) summary").click()
    page.get_by_test_id("assign-form").locator("select[name=manager]").select_option(str(uni.manager.pk))
    page.get_by_test_id("assign-form").locator("button").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", "assessment")
    page.context.clear_cookies()

    sign_in(page, uni.manager)
    page.goto("/casework/")
    page.get_by_test_id("my-tasks").get_by_role("link", name="压缩机隔振降噪支座").click()
    expect(page.get_by_test_id("prior-art")).to_contain_text(scenario.near.title)
    form = page.get_by_test_id("assessment-form")
    form.locator(f"input[value='{scenario.near.display_number}']").check()
    form.locator("textarea[name=novelty_doubts]").fill("与最近专利的支座结构相近，隔振垫材料不同")
    form.locator("select[name=route]").select_option("file")
    form.locator("textarea[name=reasons]").fill("材料有新颖性，空调企业有需求")
    form.locator("button").click()
    expect(page.get_by_test_id("assessment")).to_contain_text("空调企业有需求")
    page.context.clear_cookies()

    sign_in(page, uni.office)
    page.goto(case_url)
    decision = page.get_by_test_id("decision-form")
    decision.locator("select[name=route]").select_option("file")
    decision.locator("textarea[name=reasons]").fill("申请发明专利")
    decision.locator("button").click()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", "filing_decided")
    application = page.get_by_test_id("application-form")
    application.locator("input[name=application_number]").fill(f"CN{FILED_NUMBER}")
    application.locator("input[name=filed_on]").fill(timezone.localdate().isoformat())
    application.locator("button").click()
    expect(page.get_by_test_id("application-number")).to_contain_text(FILED_NUMBER)

    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, title="已授权的发明：压缩机隔振降噪支座")
    page.reload()
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator(f"a[href='/patents/{patent.lookup_number}/']").first).to_be_visible()
    expect(page.get_by_test_id("case-stage")).to_have_attribute("data-stage", "grant")
    assert TechnologyCase.objects.get().patent_links.get().patent == patent
    assert not browser_page.errors

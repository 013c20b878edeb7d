"""End to end in a real browser: sign in, filter the register with the cascading IPC pickers (htmx), open a
patent, switch the language and back.

Drives Debian's headless Chromium (/usr/bin/chromium) through Playwright's sync API against pytest-django's
`live_server`. Without Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1 (set by CI), where it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.models import IpcEntry
from patentbridge.patents.tests.factories import PatentFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers have a small /dev/shm; Debian's wrapper check for it is unreliable
]
PASSWORD = "Str0ng!Passw0rd#"  # what UserFactory sets
TIMEOUT_MS = 15_000  # generous for slow CI machines; a passing run takes a fraction of it

_chromium_missing = not os.access(CHROMIUM, os.X_OK)
_browser_required = os.environ.get("PB_REQUIRE_BROWSER") == "1"

pytestmark = [
    pytest.mark.browser,
    # Skipped before any fixture runs (no database flush for nothing). With PB_REQUIRE_BROWSER=1 the
    # `browser_page` fixture fails instead.
    pytest.mark.skipif(_chromium_missing and not _browser_required,
                       reason=f"{CHROMIUM} not found: install Debian's chromium (PB_REQUIRE_BROWSER=1 makes this fail)"),
]


@pytest.fixture
def reference_tables(django_db_setup, django_db_blocker):
    """The IPC tables that the pickers and the detail page read.

    The root conftest loads them once per session, but a transactional test (which `live_server` needs) flushes
    every table when it ends. Make sure they are there before each test, and put them back after it (this
    teardown runs after the flush), so that later tests find them as well.
    """
    from patentbridge.patents.reference import load_all

    with django_db_blocker.unblock():
        if not IpcEntry.objects.filter(code="H04R").exists():
            load_all()
    yield
    with django_db_blocker.unblock():
        load_all()


@pytest.fixture
def scenario(reference_tables, live_server):
    """Test data, created before Playwright starts (its event loop makes Django refuse ORM calls)."""
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory())
    return SimpleNamespace(
        user=user,
        url=live_server.url,
        audio=PatentFactory(ipc_main="H04R1/28", ipc_codes=["H04R1/28"], title="一种音箱腔体"),
        reboot=PatentFactory(ipc_main="G06F9/445", ipc_codes=["G06F9/445"], title="一种系统重启方法"),
        h04r_title=IpcEntry.objects.get(code="H04R").title_zh,
    )


@pytest.fixture
def browser_page(reference_tables, live_server, monkeypatch):
    """A fresh headless Chromium page whose browser asks for Chinese, as a visitor from Guangdong would."""
    if _chromium_missing:
        pytest.fail(f"{CHROMIUM} not found but PB_REQUIRE_BROWSER=1: install Debian's chromium")
    # Documented Playwright + Django workaround: Playwright's sync API keeps an asyncio loop running in this
    # thread, and Django would refuse any ORM call made here while it runs (teardown flushes after it stops).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield SimpleNamespace(page=page, errors=errors)
            context.close()
        finally:
            browser.close()


def test_sign_in_filter_by_ipc_open_patent_and_switch_language(scenario, browser_page, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = browser_page.page
    html = page.locator("html")

    # Sign in.
    page.goto("/accounts/login/")
    expect(html).to_have_attribute("lang", "zh-hans")
    page.locator("main input[name=username]").fill(scenario.user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/patents/$"))  # LOGIN_REDIRECT_URL
    expect(page.get_by_test_id("whoami")).to_have_text(scenario.user.username)

    # Unfiltered, both patents are listed.
    links = page.get_by_test_id("patent-link")
    expect(links).to_have_count(2)
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"(^|\D)2(\D|$)"))

    # The three cascading IPC pickers: each choice loads the next level's options through htmx.
    page.locator("#ipc-section").select_option("H")
    expect(page.locator("#ipc-class option[value=H04]")).to_have_count(1)
    page.locator("#ipc-class").select_option("H04")
    expect(page.locator("#ipc-subclass option[value=H04R]")).to_have_count(1)
    page.locator("#ipc-subclass").select_option("H04R")
    page.get_by_test_id("apply-filters").click()

    # htmx swaps the results in place and pushes the filtered URL (the most specific IPC level chosen).
    expect(page).to_have_url(re.compile(r"[?&]ipc=H04R(&|$)"))
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"(^|\D)1(\D|$)"))
    expect(links).to_have_count(1)
    expect(links).to_have_text(scenario.audio.title)
    expect(page.locator("#results")).not_to_contain_text(scenario.reboot.title)
    page.screenshot(path=tmp_path / "patent-list.png", full_page=True)

    # The patent's page: title and the Chinese title of its IPC subclass.
    links.click()
    expect(page).to_have_url(re.compile(r"/patents/[^/?]+/$"))
    expect(page.get_by_test_id("patent-title")).to_have_text(scenario.audio.title)
    subclass = page.get_by_test_id("ipc-subclass-title")
    expect(subclass).to_contain_text("H04R")
    expect(subclass).to_contain_text(scenario.h04r_title[:10])
    page.screenshot(path=tmp_path / "patent-detail.png", full_page=True)
    detail_url = page.url

    # Switch to English and back; `set_language` returns to the same page.
    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("header a[data-nav=patents]")).to_have_text("Patents")
    expect(page.get_by_test_id("lang-zh-hans")).to_be_visible()
    expect(page.get_by_test_id("patent-title")).to_have_text(scenario.audio.title)
    assert page.url == detail_url

    page.get_by_test_id("lang-zh-hans").click()
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("lang-en")).to_be_visible()
    expect(page.get_by_test_id("patent-title")).to_have_text(scenario.audio.title)
    assert page.url == detail_url

    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"


@pytest.fixture
def demand_scenario(reference_tables, live_server, settings, tmp_path):
    """An enterprise user, a university's tech-transfer manager and the university's indexed patent."""
    from patentbridge.orgs.models import OrgKind, Role
    from patentbridge.search import indexes, services

    settings.VAR_DIR = tmp_path / "var"
    indexes.forget()
    university = OrganisationFactory(name="华南理工大学")
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=university, role=Role.TECH_TRANSFER_MANAGER)
    enterprise_user = UserFactory()
    MembershipFactory(user=enterprise_user, organisation=OrganisationFactory(name="某某空调有限公司",
                      kind=OrgKind.ENTERPRISE), role=Role.ENTERPRISE_USER)
    patent = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座和隔振垫降低压缩机振动与噪音。",
                           ipc_main="F04B39/00", ipc_codes=["F04B39/00"], owner=university)
    services.documents_refresh()
    services.indexes_rebuild()
    yield SimpleNamespace(manager=manager, enterprise_user=enterprise_user, patent=patent)
    indexes.forget()


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_enterprise_posts_demand_marks_match_interesting_and_office_sees_it(demand_scenario, browser_page, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = browser_page.page
    sign_in(page, demand_scenario.enterprise_user)
    page.goto("/demands/new/")
    page.locator("input[name=title]").fill("降低空调压缩机噪音")
    page.locator("textarea[name=problem]").fill("压缩机运行时振动大、噪音高，需要减振降噪的结构方案。")
    page.get_by_test_id("publish-demand").click()
    expect(page.get_by_test_id("demand-title")).to_have_text("降低空调压缩机噪音")
    match = page.get_by_test_id("match").first
    expect(match).to_contain_text(demand_scenario.patent.title)
    expect(match.locator("mark").first).to_be_visible()
    match.get_by_test_id("mark-interesting").click()
    expect(page.get_by_test_id("answer-status").first).to_be_visible()
    page.screenshot(path=tmp_path / "demand.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, demand_scenario.manager)
    page.goto(f"/patents/{demand_scenario.patent.application_number}/")
    interest = page.get_by_test_id("interest")
    expect(interest).to_contain_text("某某空调有限公司")
    expect(interest).to_contain_text("降低空调压缩机噪音")
    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"

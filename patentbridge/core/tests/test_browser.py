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
    page.goto("/accounts/login/?next=/patents/")
    expect(html).to_have_attribute("lang", "zh-hans")
    page.locator("main input[name=username]").fill(scenario.user.username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/patents/$"))  # where `next` asked to go
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


@pytest.fixture
def pool_scenario(reference_tables, live_server, tmp_path):
    """A university's office and one of its inventors; the upload is a real export's rows of that university."""
    import csv
    import gzip

    from django.conf import settings as django_settings

    from patentbridge.orgs.models import Role

    university = OrganisationFactory(name="华南理工大学")
    manager, inventor = UserFactory(), UserFactory()
    MembershipFactory(user=manager, organisation=university, role=Role.TECH_TRANSFER_MANAGER)
    MembershipFactory(user=inventor, organisation=university, role=Role.INVENTOR)
    source = (Path(django_settings.DATA_DIR) / "patents" / "cn_patent_db_exports" / "cn_patents_bibliographic.csv.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["applicants"] == "华南理工大学"][:3]
        header = reader.fieldnames
    upload = tmp_path / "华南理工大学-专利清单.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return SimpleNamespace(manager=manager, inventor=inventor, upload=upload, title=rows[0]["title_zh"])


def run_queued_assessment() -> None:
    """What the background worker does with the task the import queued (tests queue tasks without running them;
    test_receivers checks that an import queues it)."""
    from patentbridge.pool.tasks import assess_register

    assess_register.call()


def test_office_imports_inventor_self_assesses_office_approves_and_the_patent_is_pooled(pool_scenario, browser_page,
                                                                                       tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = browser_page.page
    title = pool_scenario.title

    # The office imports its list; the patents join the stock inventory and are scored.
    sign_in(page, pool_scenario.manager)
    page.goto("/patents/imports/new/")
    page.locator("input[name=file]").set_input_files(str(pool_scenario.upload))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("3")
    run_queued_assessment()
    page.goto("/pool/inventory/")
    expect(page.get_by_test_id("progress")).to_contain_text("3")
    page.get_by_test_id("entry-link").filter(has_text=title).click()
    expect(page.get_by_test_id("assessment")).to_be_visible()
    expect(page.get_by_test_id("tier")).to_have_text(re.compile(r"^[ABCD]$"))
    page.get_by_test_id("inventor-select").select_option(label=pool_scenario.inventor.username)
    page.get_by_test_id("send-self-assessment").click()
    expect(page.get_by_test_id("entry-state")).to_have_text("待发明人自评")
    entry_url = page.url

    # The inventor answers the form.
    page.context.clear_cookies()
    sign_in(page, pool_scenario.inventor)
    page.goto("/pool/inventory/")
    page.get_by_test_id("entry-link").filter(has_text=title).click()
    form = page.get_by_test_id("self-assessment-form")
    form.locator("select[name=market_prospects]").select_option("5")
    form.locator("select[name=maturity]").select_option("4")
    form.locator("select[name=willingness]").select_option("5")
    form.locator("textarea[name=comment]").fill("可用于智能驾驶舱，已有两家企业咨询。")
    page.get_by_test_id("submit-self-assessment").click()
    expect(page.get_by_test_id("entry-state")).to_have_text("发明人已自评")

    # The office reviews and approves it into the pool.
    page.context.clear_cookies()
    sign_in(page, pool_scenario.manager)
    page.goto(entry_url)
    page.get_by_test_id("review-comment").fill("市场前景好，建议入库")
    page.get_by_test_id("review").click()
    expect(page.get_by_test_id("entry-state")).to_have_text("技术转移办公室已审核")
    page.get_by_test_id("move-pooled").click()
    expect(page.get_by_test_id("entry-state")).to_have_text("已入库")
    page.screenshot(path=tmp_path / "pool-entry.png", full_page=True)

    # Anyone sees it in the public pool, and its page says so.
    page.context.clear_cookies()
    page.goto("/pool/")
    listed = page.get_by_test_id("list-patent")
    expect(listed).to_have_count(1)
    expect(listed).to_have_text(title)
    listed.click()
    expect(page.get_by_test_id("pool-state")).to_have_text("已入库")
    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"


@pytest.fixture
def licensing_scenario(reference_tables, live_server):
    import datetime as dt

    from patentbridge.orgs.models import OrgKind, Role
    from patentbridge.revenue.models import JurisdictionFloor
    from patentbridge.revenue.services import policy_save

    university = OrganisationFactory(name="华南理工大学", city_id="440100")
    people = {}
    for key, role, org in (("manager", Role.TECH_TRANSFER_MANAGER, university), ("inventor", Role.INVENTOR, university),
                           ("buyer", Role.SIGNATORY, OrganisationFactory(name="广州某某机器人有限公司",
                                                                               kind=OrgKind.ENTERPRISE)),
                           ("regulator", Role.REGULATOR, OrganisationFactory(name="广东省市场监督管理局",
                                                                             kind=OrgKind.REGULATOR))):
        people[key] = UserFactory()
        MembershipFactory(user=people[key], organisation=org, role=role)
    patent = PatentFactory(owner=university, title="一种协作机器人关节力矩控制方法", ipc_main="B25J9/16",
                           ipc_codes=["B25J9/16"], application_date=dt.date(2020, 5, 1), grant_date=dt.date(2022, 8, 1))
    JurisdictionFloor.objects.get_or_create(code="guangdong", defaults={
        "name": "广东省", "licence_floor": 50, "equity_floor": 50, "profit_floor": 5, "main_contributor_floor": 50,
        "review_below": 70, "source": "test"})
    policy_save(actor=None, organisation=university, jurisdiction=JurisdictionFloor.objects.get(code="guangdong"),
                data={"licence_share": "70", "equity_share": "70", "profit_share": "5", "main_contributor_share": "50"})
    return SimpleNamespace(patent=patent, **people)


def test_open_licence_declared_taken_recorded_rewarded_and_counted(licensing_scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page, s = browser_page.page, licensing_scenario
    patent_url = f"/patents/{s.patent.application_number}/"

    # The office estimates the fee and declares the open licence.
    sign_in(page, s.manager)
    page.goto(patent_url)
    page.get_by_test_id("declare-link").click()
    page.get_by_test_id("estimate-base").fill("1000000")
    page.get_by_test_id("estimate-rate").fill("3")
    page.get_by_test_id("estimate").click()
    expect(page.get_by_test_id("estimate-result")).to_contain_text("30,000.00")
    expect(page.get_by_test_id("lump-sum")).to_have_value("90000.00")
    page.get_by_test_id("declare").click()
    expect(page.get_by_test_id("open-licence")).to_contain_text("一次性支付 90000.00 元")

    # An enterprise takes it: notice, payment, licence, contract, recordation.
    page.context.clear_cookies()
    sign_in(page, s.buyer)
    page.goto(patent_url)
    page.get_by_test_id("take-licence").click()
    page.get_by_test_id("pay-and-take").click()
    expect(page.get_by_test_id("licence-status")).to_have_text("有效")
    pdf = page.request.get(page.get_by_test_id("contract-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.get_by_test_id("file-recordation").click()
    expect(page.get_by_test_id("recordation-status")).to_have_text("已备案")

    # The office enters the contract's technology-contract registration, so that it counts.
    page.context.clear_cookies()
    sign_in(page, s.manager)
    page.goto("/tech-contracts/")
    page.locator("main table a").first.click()
    _register_contract(page)

    # The office records the fee and allocates the reward; the inventor sees their share.
    page.goto("/revenue/")
    page.get_by_test_id("income-licence").select_option(index=1)
    page.get_by_test_id("income-gross").fill("90000")
    page.get_by_test_id("share-name").fill("张教授")
    page.get_by_test_id("share-account").select_option(label=s.inventor.username)
    page.get_by_test_id("share-weight").fill("100")
    page.get_by_test_id("share-main").check()
    page.get_by_test_id("record-income").click()
    page.context.clear_cookies()
    sign_in(page, s.inventor)
    page.goto("/revenue/")
    expect(page.get_by_test_id("my-share")).to_contain_text("63,000.00")  # 70 % of 90,000

    # The regulator's dashboard counts the contract.
    page.context.clear_cookies()
    sign_in(page, s.regulator)
    page.goto("/kpi/")
    expect(page.get_by_test_id("kpi-turnover")).to_contain_text("90,000.00")
    expect(page.locator("#recordation-chart canvas")).to_have_count(1)
    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"


@pytest.fixture
def deal_scenario(reference_tables, live_server):
    import datetime as dt

    from patentbridge.orgs.models import OrgKind, Role

    university = OrganisationFactory(name="华南理工大学", city_id="440100")
    company = OrganisationFactory(name="深圳某某精密机械有限公司", kind=OrgKind.ENTERPRISE, city_id="440300")
    people = {}
    for key, role, org in (("office", Role.TECH_TRANSFER_MANAGER, university),
                           ("signatory", Role.SIGNATORY, company),
                           ("regulator", Role.REGULATOR, OrganisationFactory(name="广东省市场监督管理局",
                                                                             kind=OrgKind.REGULATOR))):
        people[key] = UserFactory()
        MembershipFactory(user=people[key], organisation=org, role=role)
    patent = PatentFactory(owner=university, title="一种高精度谐波减速器", application_date=dt.date(2020, 5, 1),
                           grant_date=dt.date(2022, 8, 1))
    return SimpleNamespace(patent=patent, company=company, **people)


def _register_contract(page) -> None:
    """The office enters the number the registering office in Guangzhou gave today."""
    import datetime as dt

    from playwright.sync_api import expect

    from patentbridge.recordation.tests.factories import registration_number

    page.get_by_test_id("tech-contract-number-input").fill(registration_number("440100", dt.date.today()))
    page.get_by_test_id("tech-contract-register").click()
    expect(page.get_by_test_id("tech-contract-status")).to_have_text("已登记")
    expect(page.get_by_test_id("tech-contract-pdf")).to_have_count(1)


def _visible_text_is_clean(page) -> None:
    text = page.locator("main").inner_text()
    assert "{'" not in text and "':" not in text and "None" not in text, text


def test_a_licence_binds_only_when_both_parties_confirm_at_desktop_and_phone_width(deal_scenario, browser_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page, s = browser_page.page, deal_scenario

    # The university's office proposes an exclusive licence for Guangdong and agrees on its side (1366 px).
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.office)
    page.goto(f"/patents/{s.patent.application_number}/")
    page.get_by_test_id("open-deal").click()
    page.locator("select[name=kind]").select_option("exclusive_licence")
    page.locator("input[name=counterparty]").fill(s.company.name)
    page.locator("select[name=territory]").select_option("440000")
    page.locator("input[name=starts_on]").fill("2027-01-01")
    page.locator("input[name=ends_on]").fill("2029-12-31")
    page.locator("input[name=amount]").fill("500000")
    page.locator("main form button[type=submit]").click()
    deal_url = page.url
    expect(page.get_by_test_id("deal-status")).to_have_text("草稿")
    page.get_by_test_id("deal-to-negotiating").click()
    page.get_by_test_id("deal-to-agreed").click()
    expect(page.get_by_test_id("deal-awaiting")).to_contain_text(s.company.name)
    expect(page.get_by_test_id("deal-status")).to_have_text("洽谈中")
    expect(page.get_by_test_id("deal-to-agreed")).to_have_count(0)
    _visible_text_is_clean(page)

    # The enterprise's signatory confirms the agreement and the signing on a phone (390 px).
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, s.signatory)
    page.goto(deal_url)
    expect(page.get_by_test_id("deal-awaiting")).to_contain_text(s.company.name)
    page.get_by_test_id("deal-to-agreed").click()
    page.get_by_test_id("deal-to-signed").click()
    expect(page.get_by_test_id("deal-awaiting")).to_contain_text("华南理工大学")
    expect(page.get_by_test_id("deal-status")).not_to_have_text("已签署")
    _visible_text_is_clean(page)

    # The office signs too; the deal binds, and the office files the recordation.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, s.office)
    page.goto(deal_url)
    page.get_by_test_id("deal-to-signed").click()
    expect(page.get_by_test_id("deal-status")).to_have_text("已签署")
    page.get_by_test_id("deal-file-recordation").click()
    expect(page.get_by_test_id("deal-recordation-status")).to_have_text("已备案")
    _visible_text_is_clean(page)
    _register_contract(page)
    _visible_text_is_clean(page)

    # The regulator's turnover counts the registered contract.
    page.context.clear_cookies()
    sign_in(page, s.regulator)
    page.goto("/kpi/")
    expect(page.get_by_test_id("kpi-turnover")).to_contain_text("500,000.00")
    assert browser_page.errors == [], f"JavaScript errors in the page: {browser_page.errors}"

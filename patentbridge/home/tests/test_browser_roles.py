"""Every role, in a real browser, at desktop and phone width: sign in, land on the home page, open every page the
navigation offers. No link may answer with an error, no page may be wider than the screen, and no page may show
developer text: an internal status name, a Python dict or list, `None`, a `\\u` escape, or a doubled
"中文 / English" string.

Drives Debian's headless Chromium through Playwright against pytest-django's `live_server` (as core's browser tests
do). Without Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models, transaction

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.deals import services as deal_services
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.demands.models import Demand, DemandStatus, Match, MatchStatus
from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolState
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory
from patentbridge.rights.models import Pledge

TIMEOUT_MS = 20_000
WIDTHS = (1366, 390)
TODAY = dt.date(2026, 11, 26)
CHROMIUM, CHROMIUM_ARGS, PASSWORD = core_browser.CHROMIUM, core_browser.CHROMIUM_ARGS, core_browser.PASSWORD

pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables

# Each role the platform knows, as the people who hold it: (organisation key, roles held there).
PEOPLE = {
    "office": ("uni", (Role.TECH_TRANSFER_MANAGER, Role.ORG_ADMIN)),
    "inventor": ("uni", (Role.INVENTOR,)),
    "enterprise": ("firm", (Role.ENTERPRISE_USER, Role.SIGNATORY, Role.ORG_ADMIN)),
    "broker": ("agency", (Role.AGENCY_BROKER,)),
    "bank": ("bank", (Role.BANK_OFFICER,)),
    "regulator": ("regulator", (Role.REGULATOR,)),
    "admin": ("platform", (Role.PLATFORM_ADMIN,)),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE, "agency": OrgKind.AGENCY, "bank": OrgKind.FINANCIAL,
         "regulator": OrgKind.REGULATOR, "platform": OrgKind.AGENCY}
# Pages every signed-in role must be offered (the rest depends on the role).
COMMON_NAV = {"home", "search", "patents", "demands", "pool", "orgs", "inbox"}


def internal_status_names() -> set[str]:
    """The values of every TextChoices in the project's models that look like identifiers (they contain `_`)."""
    names: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("patentbridge."):
            continue
        for value in (vars(config.models_module) if config.models_module else {}).values():
            if (isinstance(value, type) and issubclass(value, models.TextChoices)
                    and value.__module__.startswith("patentbridge.")):
                names.update(v for v in value.values if "_" in v)
    return names


DEVELOPER_TEXT = [
    (re.compile(r"\{'|': |'\}"), "a Python dict"),
    (re.compile(r"\['|'\]"), "a Python list"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\\u[0-9a-fA-F]{4}"), "a \\u escape"),
    (re.compile(r"[\u3400-\u9fff]+[)）]?\s/\s[A-Za-z]{2,}"), "a doubled 中文 / English string"),
]


def developer_text(text: str, status_names: set[str]) -> list[str]:
    """Each kind of developer text found, once, with the words around its first occurrence."""
    found = {}
    for pattern, label in DEVELOPER_TEXT:
        for match in pattern.finditer(text):
            found.setdefault(f"{label}: {match.group(0)!r}", _around(text, match.start(), match.end()))
    for match in re.finditer(r"[a-z0-9]+(?:_[a-z0-9]+)+", text):
        if match.group(0) in status_names:
            found.setdefault(f"status name: {match.group(0)!r}", _around(text, match.start(), match.end()))
    return [f"{what} in {context!r}" for what, context in found.items()]


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    return " ".join(text[max(start - width, 0):end + width].split())


def test_status_names_are_read_from_the_models():
    assert {"self_assessed", "awaiting_payment", "self_assessment_requested"} <= internal_status_names()


@pytest.mark.parametrize("text, found", [
    ("状态：self_assessed", ["status name: 'self_assessed'"]),
    ("{'number': 1}", ["a Python dict: \"{'\"", "a Python dict: \"': \""]),
    ("理由：None", ["None: 'None'"]),
    ("没有这个许可 / no such licence", ["a doubled 中文 / English string: '没有这个许可 / no'"]),
    ("\\u4e2d", ["a \\u escape: '\\\\u4e2d'"]),
    ("专利 CN201910049793.9 · 已授权 / 2026-11-26", []),
])
def test_developer_text_is_recognised(text, found):
    assert [line.split(" in ")[0] for line in developer_text(text, {"self_assessed"})] == found


def _people(orgs):
    people = {}
    for name, (org, roles) in PEOPLE.items():
        user = UserFactory(username=f"pb-{name}", is_staff=name == "admin", is_superuser=name == "admin")
        for role in roles:
            MembershipFactory(user=user, organisation=orgs[org], role=role)
        people[name] = user
    return people


def _seed() -> dict:
    """The people of every role, and a patent with rights, pool entries, a demand, a deal, a pledge and a share."""
    orgs = {key: OrganisationFactory(kind=kind, city_id="440100") for key, kind in KINDS.items()}
    people = _people(orgs)
    patent = PatentFactory(owner=orgs["uni"], application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    spare = PatentFactory(owner=orgs["uni"], application_date=dt.date(2019, 2, 15), grant_date=dt.date(2021, 6, 1))
    declaration = licensing.declare(actor=people["office"], organisation=orgs["uni"], patent=patent, today=TODAY,
                                    data={"payment_mode": "lump_sum", "lump_sum": Decimal("100"), "term_years": 1})
    licensing.licence_take(actor=people["enterprise"], licensee=orgs["firm"], declaration=declaration,
                           notice="通知", today=TODAY)
    PoolEntryFactory(patent=patent, organisation=orgs["uni"], inventor=people["inventor"],
                     state=PoolState.SELF_ASSESSMENT_REQUESTED)
    PoolEntryFactory(patent=spare, organisation=orgs["uni"], inventor=people["inventor"], state=PoolState.SELF_ASSESSED)
    demand = Demand.objects.create(organisation=orgs["firm"], title="降低音箱噪声", problem="腔体共振",
                                   status=DemandStatus.PUBLISHED)
    Match.objects.create(demand=demand, patent=patent, status=MatchStatus.SENT)
    deal = deal_services.deal_create(actor=people["office"], patent=spare, kind=DealKind.ORDINARY_LICENCE,
                                     owner=orgs["uni"], counterparty=orgs["firm"],
                                     data={"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2028, 1, 1),
                                           "amount": Decimal("1000")})
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.NEGOTIATING)
    Pledge.objects.create(patent=spare, pledgor=orgs["uni"], pledgee=orgs["bank"], pledgee_name=orgs["bank"].name,
                          amount=Decimal("500000"), registration_number="Y2026440000001", registered_on=TODAY,
                          ends_on=TODAY + dt.timedelta(days=365))
    InventorShareFactory(income=IncomeFactory(organisation=orgs["uni"]), inventor=people["inventor"])
    return people


@pytest.fixture
def world(reference_tables, live_server):
    """One of each thing the pages list, created before Playwright starts (its loop makes Django refuse ORM calls)."""
    with transaction.atomic():  # the services lock rows, as a request's transaction lets them
        people = _seed()
    return SimpleNamespace(people=people, url=live_server.url, status_names=internal_status_names())


@pytest.fixture
def browser(reference_tables, live_server, monkeypatch):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found but PB_REQUIRE_BROWSER=1: install Debian's chromium")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API keeps a loop in this thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))  # LOGIN_REDIRECT_URL: the home page


def _visit(page, key: str, href: str, world, where: str) -> list[str]:
    response = page.goto(href)
    problems = []
    if response is None or response.status >= 400:
        problems.append(f"{where} {key} {href}: answered {response.status if response else 'nothing'}")
    width, screen = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width > screen:
        problems.append(f"{where} {key} {href}: {width} px wide on a {screen} px screen")
    problems += [f"{where} {key} {href}: {found}"
                 for found in developer_text(page.locator("body").inner_text(), world.status_names)]
    return problems


def _menu_opens(page) -> bool:
    """On a phone the pages sit behind the menu button, which shows them."""
    first = page.locator(".nav-main a").first
    if first.is_visible():
        return False
    page.get_by_test_id("nav-menu").click()
    return first.is_visible()


def test_every_page_in_the_navigation_opens_fits_and_reads_clean(world, browser):
    """One world for all roles (a live-server test flushes the database: one setup, not one per role)."""
    problems: list[str] = []
    for person, width in ((person, width) for person in PEOPLE for width in WIDTHS):
        context = browser.new_context(base_url=world.url, locale="zh-CN", viewport={"width": width, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        _sign_in(page, world.people[person].username)
        links = page.eval_on_selector_all("header a[data-nav]", "els => els.map(e => [e.dataset.nav, e.getAttribute('href')])")
        assert COMMON_NAV <= {key for key, _href in links}, links
        if width < 800:
            assert _menu_opens(page), f"{person}: the phone menu does not open"
        for key, href in links:
            problems += _visit(page, key, href, world, f"{person} @{width}px")
        context.close()
    assert not problems, "\n".join(problems)

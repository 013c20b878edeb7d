"""The pages with scripts work in a real browser under the Content-Security-Policy, with no violation reported.

Uses the Chromium set-up of test_browser.py (skipped without Chromium unless PB_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import re

import pytest

from patentbridge.core.tests import test_browser as browser
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = browser.pytestmark
reference_tables = browser.reference_tables
browser_page = browser.browser_page


@pytest.fixture
def csp_page(browser_page):
    """browser_page, plus a regulator (also a superuser) to sign in as and every Content-Security-Policy
    violation reported."""
    browser_page.regulator = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=browser_page.regulator, organisation=OrganisationFactory(kind=OrgKind.REGULATOR),
                      role=Role.REGULATOR)
    PatentFactory(ipc_main="H04R1/28", ipc_codes=["H04R1/28"], title="一种音箱腔体")
    browser_page.violations = []
    # Blocked eval() is not always logged by the browser; the page's own violation event always fires.
    browser_page.page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.effectiveDirective + ' ' + e.blockedURI));")
    browser_page.page.on("console", lambda message: browser_page.violations.append(message.text)
                         if "Content Security Policy" in message.text else None)
    return browser_page


def test_pages_with_scripts_work_without_breaking_the_content_security_policy(csp_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=browser.TIMEOUT_MS)
    page = csp_page.page

    # Swagger UI from the bundled static files renders the API's operations.
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()

    browser.sign_in(page, csp_page.regulator)
    expect(page).to_have_url(re.compile(r"/$"))  # the home page (LOGIN_REDIRECT_URL)
    page.goto("/patents/")

    # The IPC pickers' script (static/js/patent-filters.js) still fills the one `ipc` parameter.
    page.locator("#ipc-section").select_option("H")
    expect(page.locator("#ipc-class option[value=H04]")).to_have_count(1)
    page.get_by_test_id("apply-filters").click()
    expect(page).to_have_url(re.compile(r"[?&]ipc=H(&|$)"))

    # The KPI chart draws (ECharts and its inline script, allowed on that page only).
    page.goto("/kpi/")
    expect(page.locator("#recordation-chart canvas")).to_have_count(1)

    # Django's admin, with its own scripts (the user form's password widgets, the date-time shortcuts).
    page.goto(f"/admin/auth/user/{csp_page.regulator.pk}/change/")
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()

    assert csp_page.violations == []
    assert csp_page.errors == [], f"JavaScript errors in the page: {csp_page.errors}"

"""Issue 14's journey across three apps, in a real browser at desktop and phone width: an enterprise files a product
with two of its patents, the filing clerk (a regulator) files it, the enterprise applies for its recognition, the
regulator recognises it and, once the public notice has run, confirms it — and the KPI dashboard's three product
targets move: one more filing enterprise, two more patents in filed products, the product's output among the
recognised products' output.

Drives Debian's headless Chromium through Playwright against pytest-django's `live_server`, as core's browser tests
do. Without Chromium the test is skipped, unless PB_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.core.tests import test_browser as core_browser
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import Product, ProductStatus
from patentbridge.recognition.models import Recognition, RecognitionStatus

PASSWORD = core_browser.PASSWORD
pytestmark = core_browser.pytestmark
reference_tables = core_browser.reference_tables
browser_page = core_browser.browser_page
OUTPUT = Decimal("86000000.00")


@pytest.fixture
def world(reference_tables):
    city = City.objects.get(name_zh="深圳市")
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="深圳市测试电池科技有限公司", city=city)
    enterprise = UserFactory(username="firm-user")
    for role in (Role.ENTERPRISE_USER, Role.SIGNATORY):
        MembershipFactory(user=enterprise, organisation=firm, role=role)
    regulator = UserFactory(username="clerk")
    MembershipFactory(user=regulator, organisation=OrganisationFactory(kind=OrgKind.REGULATOR, name="广东省市场监督管理局"),
                      role=Role.REGULATOR)
    patents = [PatentFactory(owner=firm, title=f"一种电池模组散热结构{n}") for n in (1, 2)]
    return {"firm": firm, "patents": patents}


def _sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def _targets(page) -> tuple[str, str, str]:
    page.goto("/kpi/")
    return tuple(page.get_by_test_id(key).inner_text().strip()
                 for key in ("kpi-product-firms", "kpi-product-patents", "kpi-product-output"))


def _fits(page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{where} is {width}px wide"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_filed_and_recognised_product_moves_the_three_product_targets(world, browser_page, width):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    today = timezone.localdate()

    _sign_in(page, "clerk")
    assert _targets(page) == ("0", "0", "¥0.00")

    _sign_in(page, "firm-user")
    page.goto("/products/new/")
    _fits(page, "the filing form")
    form = page.get_by_test_id("product-form")
    form.locator("[name=name]").fill("储能电池模组")
    form.locator("[name=model]").fill("BM-280")
    form.locator("[name=category]").fill("锂离子电池模组")
    form.locator("[name=industry]").fill("3841")
    form.locator("[name=launched_on]").fill("2023-05-01")
    form.locator("[name=patents]").fill("\n".join(p.application_number for p in world["patents"]))
    form.locator("[name=year]").fill(str(today.year - 1))
    form.locator("[name=sales]").fill("120000000")
    form.locator("[name=output]").fill(str(OUTPUT))
    form.locator("[name=patent_share]").fill("35")
    page.get_by_test_id("product-submit").click()
    page.wait_for_load_state()
    product = Product.objects.get(filer=world["firm"])
    assert product.status == ProductStatus.SUBMITTED and product.patent_links.count() == 2

    _sign_in(page, "clerk")
    page.goto(f"/products/{product.pk}/")
    _fits(page, "the product page")
    decision = page.get_by_test_id("decision-form")
    decision.locator("[name=decision]").select_option("filed")
    decision.locator("[name=reason]").fill("资料齐全，两件专利均有效且为申请人所有。")
    page.get_by_test_id("decision-submit").click()
    page.wait_for_load_state()
    product.refresh_from_db()
    assert product.status == ProductStatus.FILED
    assert _targets(page)[:2] == ("1", "2")

    _sign_in(page, "firm-user")
    page.goto("/recognition/mine/")
    _fits(page, "the recognition applications")
    apply = page.get_by_test_id("apply-form")
    apply.locator("[name=product]").select_option(str(product.pk))
    apply.locator("[name=year]").select_option(str(today.year))
    apply.locator("button[type=submit]").click()
    page.wait_for_load_state()
    recognition = Recognition.objects.get(product=product)

    _sign_in(page, "clerk")
    page.goto(f"/recognition/{recognition.pk}/")
    _fits(page, "the recognition page")
    decision = page.get_by_test_id("decision-form")
    decision.locator("input[name=decision][value=recognise]").check()
    decision.locator("button[type=submit]").click()
    page.wait_for_load_state()
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.IN_NOTICE
    # The public notice runs for days; the journey resumes the day after it ended.
    days = (recognition.notice_until - recognition.notice_from).days
    Recognition.objects.filter(pk=recognition.pk).update(notice_from=today - dt.timedelta(days=days + 1),
                                                         notice_until=today - dt.timedelta(days=1))
    page.goto(f"/recognition/{recognition.pk}/")
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.RECOGNISED

    firms, patents, output = _targets(page)
    _fits(page, "the dashboard")
    assert (firms, patents) == ("1", "2")
    assert output == "¥86,000,000.00"
    assert not browser_page.errors

"""The rewards pages: a regulator enters a policy, an enterprise sees the rules and the calculation and applies, the
regulator decides and records the payment, the ledger shows the totals and exports them."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of, signer_of
from patentbridge.rewards.models import ApplicationStatus, RewardApplication, SalesRewardPolicy
from patentbridge.rewards.services import reward_apply, reward_approve
from patentbridge.rewards.tests.factories import (
    GUANGZHOU,
    SHENZHEN,
    YEAR,
    PolicyFactory,
    filed_product_with_sales,
    regulator,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def applied():
    data = filed_product_with_sales("1000000.00")
    signer, clerk = signer_of(data.product.filer), regulator()
    application = reward_apply(actor=signer, product=data.product, policy=PolicyFactory(budget=Decimal("100000")),
                               year=YEAR)
    return application, signer, clerk


POLICY_POST = {"city": GUANGZHOU, "title": "广州市专利产品销售奖励（测试）", "basis": "filed", "first_year": "2025",
               "last_year": "", "rate": "1.5", "fixed_amount": "0", "product_cap": "300000", "enterprise_cap": "",
               "budget": "5000000", "filer_in_city": "on", "on_time_only": "on", "min_sales": "0", "source": ""}


def test_a_citys_regulator_enters_a_policy_through_the_form():
    response = _client(regulator()).post("/rewards/policies/new/", POLICY_POST)
    assert response.status_code == 302
    assert SalesRewardPolicy.objects.get().product_cap == Decimal("300000.00")


def test_another_citys_policy_cannot_be_entered_by_a_city_regulator():
    response = _client(regulator(SHENZHEN)).post("/rewards/policies/new/", POLICY_POST)
    assert response.status_code == 200 and not SalesRewardPolicy.objects.exists()


def test_the_example_fills_the_form_marked_as_an_example():
    page = _client(regulator()).get("/rewards/policies/new/?example=shanghai").content.decode()
    assert 'id="id_is_example" checked' in page and 'value="10000"' in page


def test_the_apply_page_shows_the_rules_and_the_calculation_before_applying():
    data = filed_product_with_sales("1000000.00")
    policy = PolicyFactory()
    page = _client(signer_of(data.product.filer)).get(
        f"/rewards/apply/?product={data.product.pk}&policy={policy.pk}&year={YEAR}").content.decode()
    assert "× 1.5 % of sales" in page and "¥15,000.00" in page and 'data-testid="apply"' in page


def test_applying_through_the_page_creates_the_application():
    data = filed_product_with_sales("1000000.00")
    policy = PolicyFactory()
    response = _client(signer_of(data.product.filer)).post(
        "/rewards/apply/", {"product": data.product.pk, "policy": policy.pk, "year": YEAR})
    assert response.status_code == 302 and RewardApplication.objects.get().calculated_amount == Decimal("15000.00")


def test_the_enterprise_sees_its_application_but_no_decision_form(applied):
    application, signer, _clerk = applied
    page = _client(signer).get(f"/rewards/applications/{application.pk}/").content.decode()
    assert 'data-testid="calculation"' in page and 'data-testid="approve"' not in page


def test_another_enterprise_cannot_open_the_application(applied):
    stranger = signer_of(filed_product_with_sales().product.filer)
    assert _client(stranger).get(f"/rewards/applications/{applied[0].pk}/").status_code == 404


def test_the_regulator_approves_a_reduced_amount_on_the_page(applied):
    application, _signer, clerk = applied
    response = _client(clerk).post(f"/rewards/applications/{application.pk}/approve/",
                                   {"amount": "12000", "reason": "部分销售额未核实"})
    application.refresh_from_db()
    assert response.status_code == 302 and application.approved_amount == Decimal("12000.00")


def test_a_payment_other_than_the_approved_amount_is_shown_next_to_the_amount(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    response = _client(clerk).post(f"/rewards/applications/{application.pk}/pay/", {
        "amount": "100", "paid_on": timezone.localdate().isoformat(), "reference": "GZ-1"})
    application.refresh_from_db()
    assert response.status_code == 200 and application.status == ApplicationStatus.APPROVED
    assert "The payment must be the approved amount, 15,000.00." in response.content.decode()


def test_the_ledger_shows_totals_and_the_budget_left(applied):
    application, _signer, clerk = applied
    reward_approve(actor=clerk, application=application)
    page = _client(clerk).get(f"/rewards/ledger/?city={GUANGZHOU}&year={YEAR}").content.decode()
    assert "¥85,000.00" in page and 'data-testid="ledger-row"' in page


def test_the_ledger_exports_csv(applied):
    application, _signer, clerk = applied
    response = _client(clerk).get(f"/rewards/ledger/?city={GUANGZHOU}&year={YEAR}&format=csv")
    assert response["Content-Type"].startswith("text/csv") and str(application.product) in response.content.decode()


def test_the_ledger_exports_xlsx_with_typed_amounts(applied):
    _application, _signer, clerk = applied
    response = _client(clerk).get(f"/rewards/ledger/?city={GUANGZHOU}&year={YEAR}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=7).value == 15000


def test_another_citys_regulator_cannot_open_the_ledger(applied):
    page = _client(regulator(SHENZHEN)).get(f"/rewards/ledger/?city={GUANGZHOU}&year={YEAR}").content.decode()
    assert "广州" not in page.split("<h1>")[1].split("</h1>")[0]


def test_an_inventor_is_refused_the_rewards_pages():
    inventor = member_of(filed_product_with_sales().product.filer, Role.INVENTOR)
    assert _client(inventor).get("/rewards/").status_code == 403


def test_the_overview_is_chinese_by_default(applied):
    client = Client()
    client.force_login(applied[1])
    with translation.override("zh-hans"):
        assert client.get("/rewards/").status_code == 200

"""The revenue page's forms: a refusal shows the form again with what was typed and the error next to its field;
an income is allocated from its own page, prefilled with its patent's inventors."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.revenue import services
from patentbridge.revenue.models import Income, IncomeKind, JurisdictionFloor
from patentbridge.revenue.tests.factories import income_post

POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50"}


@pytest.fixture
def office(db):
    org = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    services.policy_save(actor=None, organisation=org, jurisdiction=JurisdictionFloor.objects.get(code="national"),
                         data=POLICY)
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=org, role=Role.TECH_TRANSFER_MANAGER)
    client = Client()
    client.force_login(manager)
    return client, org


def _error_next_to(page: str, name: str) -> str:
    """The error list Django renders in the field group of the input called `name` (empty when none)."""
    group = re.search(r'<div>(?:(?!<div>).)*?name="' + name + r'"', page, re.S)
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', group.group(0), re.S) if group else None
    return errors.group(1) if errors else ""


def test_a_future_receipt_is_shown_again_with_what_was_typed_and_the_error_by_the_date(office):
    client, _ = office
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post("/revenue/income/", income_post(kind="profit", gross="12345.67", received_on=tomorrow,
                                                           description="自行实施利润"))
    page = response.content.decode()
    assert response.status_code == 200 and not Income.objects.exists()
    assert 'value="12345.67"' in page and 'value="自行实施利润"' in page and f'value="{tomorrow}"' in page
    assert "将来" in _error_next_to(page, "received_on")
    assert _error_next_to(page, "gross") == ""


def test_a_duplicate_receipt_is_shown_by_the_date_naming_the_earlier_income(office):
    client, org = office
    data = income_post(kind="profit", gross="800", received_on="2025-09-01", description="利润")
    client.post("/revenue/income/", data)
    earlier = Income.objects.get()
    page = client.post("/revenue/income/", data).content.decode()
    assert f"第 {earlier.pk} 号" in _error_next_to(page, "received_on")
    assert Income.objects.count() == 1


def test_a_missing_kind_is_an_error_by_the_kind_with_nothing_preselected(office):
    client, _ = office
    page = client.get("/revenue/").content.decode()
    assert re.search(r'<select name="kind"[^>]*>\s*<option value="" selected>', page)
    page = client.post("/revenue/income/", income_post(gross="800", received_on="2025-09-01")).content.decode()
    assert _error_next_to(page, "kind")


def test_shares_not_adding_to_100_keep_the_typed_rows(office):
    client, _ = office
    page = client.post("/revenue/income/", income_post(kind="profit", gross="800", received_on="2025-09-01",
                                                       shares=[("张三", "60", True)])).content.decode()
    assert 'data-testid="shares-refusal"' in page and 'value="张三"' in page and 'value="60"' in page
    assert not Income.objects.exists()  # recorded and allocated together, or neither


def test_income_without_inventors_leads_to_its_page_to_allocate_it(office):
    client, _ = office
    response = client.post("/revenue/income/", income_post(kind="profit", gross="800", received_on="2025-09-01"))
    income = Income.objects.get()
    assert response.status_code == 302 and response.url == f"/revenue/income/{income.pk}/#allocate"
    assert f'href="/revenue/income/{income.pk}/#allocate"' in client.get("/revenue/").content.decode()


def test_the_income_page_prefills_the_patents_inventors_in_equal_parts(office):
    client, org = office
    patent = PatentFactory(owner=org, inventors=["王一", "李二", "赵三"])
    deal = DealFactory(patent=patent, owner=org, starts_on=dt.date(2025, 1, 1))
    income = services.income_record(actor=None, organisation=org, kind=IncomeKind.LICENCE, gross="900",
                                    received_on=dt.date(2025, 9, 1), description="许可费", deal=deal)
    page = client.get(f"/revenue/income/{income.pk}/").content.decode()
    assert all(f'value="{name}"' in page for name in ("王一", "李二", "赵三"))
    assert 'value="33.34"' in page and page.count('value="33.33"') == 2


def test_the_income_page_allocates_it(office):
    client, org = office
    income = services.income_record(actor=None, organisation=org, kind=IncomeKind.PROFIT, gross="1000",
                                    received_on=dt.date(2025, 9, 1), description="利润")
    client.post(f"/revenue/income/{income.pk}/allocate/", income_post(shares=[("王一", "100", True)]))
    income.refresh_from_db()
    assert income.allocated == income.reward_pool and income.shares.get().name == "王一"


def test_an_overpayment_is_shown_by_the_amount_keeping_it(office):
    client, org = office
    income = services.income_record(actor=None, organisation=org, kind=IncomeKind.PROFIT, gross="1000",
                                    received_on=dt.date(2025, 9, 1), description="利润")
    share = services.allocate(actor=None, income=income, shares=[services.ShareIn("王一", 100, True)])[0]
    page = client.post(f"/revenue/shares/{share.pk}/pay/", {"amount": "999.99"}).content.decode()
    assert 'value="999.99"' in page and "尚欠" in _error_next_to(page, "amount")


def test_a_policy_below_the_floor_is_shown_again_with_the_error_by_the_licence_share(office):
    client, org = office
    response = client.post("/revenue/policy/", {"jurisdiction": "national", "licence_share": "40",
                                                "equity_share": "70", "profit_share": "5", "profit_years": "3",
                                                "main_contributor_share": "50"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="40"' in page
    assert "法定下限" in _error_next_to(page, "licence_share")
    org.reward_policy.refresh_from_db()
    assert org.reward_policy.licence_share == 70

"""The revenue page's totals after payments: the inventor's paid column and the office's pay form."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
from patentbridge.revenue import services
from patentbridge.revenue.tests.factories import InventorShareFactory


def test_the_inventor_statement_shows_the_total_paid_on_each_share(db):
    inventor = UserFactory()
    share = InventorShareFactory(inventor=inventor)
    for amount in ("1000.50", "234.56"):
        services.pay(actor=None, share=share, amount=amount, paid_on=dt.date(2026, 11, 20))
    client = Client()
    client.force_login(inventor)
    page = client.get("/revenue/").content.decode()
    assert "¥3,000.00" in page and "¥1,235.06" in page


def test_the_office_pay_form_offers_what_is_still_owed(db):
    manager = UserFactory()
    share = InventorShareFactory()
    MembershipFactory(user=manager, organisation=share.income.organisation, role=Role.TECH_TRANSFER_MANAGER)
    services.pay(actor=None, share=share, amount="1000", paid_on=dt.date(2026, 11, 20))
    client = Client()
    client.force_login(manager)
    page = client.get("/revenue/").content.decode()
    assert 'name="amount" value="2000.00"' in page


def test_an_overpayment_from_the_office_page_is_a_message_not_an_error_page(db):
    manager = UserFactory()
    share = InventorShareFactory()
    MembershipFactory(user=manager, organisation=share.income.organisation, role=Role.TECH_TRANSFER_MANAGER)
    client = Client()
    client.force_login(manager)
    response = client.post(f"/revenue/shares/{share.pk}/pay/", {"amount": "3000.01"}, follow=True)
    assert response.status_code == 200 and "3000.00" in response.content.decode()
    share.refresh_from_db()
    assert share.paid == Decimal("0")

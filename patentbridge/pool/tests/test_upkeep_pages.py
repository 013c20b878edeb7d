"""The entry page's upkeep forms and the fee calendar's "mark paid": thin views over the upkeep services."""

import datetime as dt
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import maintenance_services as upkeep
from patentbridge.pool.models import FeePayment, FundedProject, ImplementationMode, StandardDeclaration
from patentbridge.pool.tests.conftest import TODAY
from patentbridge.pool.tests.factories import PoolEntryFactory


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry_url(kept, tail: str = "") -> str:
    return f"/pool/entries/{kept.entry.pk}/{tail}"


def test_the_office_sets_the_fee_reduction_on_the_entry_page(kept):
    page = client_of(kept.office).post(_entry_url(kept, "fee-reduction/"), {"reduction": "single"}, follow=True)
    kept.entry.refresh_from_db()
    assert kept.entry.fee_reduction == "single" and "flash-error" not in page.content.decode()


def test_a_refused_fee_reduction_is_explained_and_changes_nothing(kept):
    page = client_of(kept.office).post(_entry_url(kept, "fee-reduction/"), {"reduction": "joint"}, follow=True)
    kept.entry.refresh_from_db()
    assert kept.entry.fee_reduction == "none" and "flash-error" in page.content.decode()


def test_the_office_records_a_payment_on_the_entry_page(kept):
    client_of(kept.office).post(_entry_url(kept, "fee-payments/"),
                                {"year": "7", "amount": "2000", "paid_on": "2025-01-10"})
    assert kept.patent.fee_payments.get().amount == Decimal("2000")


def test_a_payment_without_its_surcharge_is_explained_with_the_amount_owed(kept):
    page = client_of(kept.office).post(_entry_url(kept, "fee-payments/"),
                                       {"year": "7", "amount": "2000", "paid_on": "2025-03-20"}, follow=True)
    assert "200.00" in page.content.decode() and not FeePayment.objects.exists()


def test_a_payment_cancelled_on_the_entry_page_stays_in_its_history(kept):
    payment = upkeep.fee_payment_record(actor=kept.office, patent=kept.patent, year=7, amount=Decimal("2000"),
                                        paid_on=dt.date(2025, 1, 10), today=TODAY)
    client = client_of(kept.office)
    client.post(_entry_url(kept, f"fee-payments/{payment.pk}/cancel/"), {"reason": "记到了别的专利上"})
    page = client.get(_entry_url(kept)).content.decode()
    assert "记到了别的专利上" in page
    assert not FeePayment.objects.standing().exists()


def test_the_office_declares_a_funded_project_and_reports_a_year(kept):
    client = client_of(kept.office)
    client.post(_entry_url(kept, "funded-project/"), {"project_name": "省重点研发计划", "funder": "广东省科学技术厅"})
    client.post(_entry_url(kept, "implementation-reports/"), {"year": "2025", "mode": "licence"})
    project = FundedProject.objects.get(patent=kept.patent)
    assert (project.funder, list(project.reports.values_list("mode", flat=True))) == ("广东省科学技术厅", ["licence"])


def test_a_report_before_the_funded_project_is_explained(kept):
    page = client_of(kept.office).post(_entry_url(kept, "implementation-reports/"), {"year": "2025", "mode": "own"},
                                       follow=True)
    assert "flash-error" in page.content.decode()


def test_the_office_adds_and_removes_a_standard_declaration(kept):
    client = client_of(kept.office)
    client.post(_entry_url(kept, "standards/"), {"standard_number": "gb/t 1-2020", "standard_title": "标准化工作导则"})
    declaration = StandardDeclaration.objects.get()
    assert declaration.standard_number == "GB/T 1-2020"
    client.post(_entry_url(kept, f"standards/{declaration.pk}/remove/"))
    assert not StandardDeclaration.objects.exists()


def test_a_platform_admin_sees_the_records_but_no_upkeep_form(kept):
    admin = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN)
    page = client_of(admin).get(_entry_url(kept)).content.decode()
    assert 'data-testid="fee-payments"' in page and 'data-testid="fee-payment-form"' not in page


def test_another_institutions_office_cannot_record_a_payment_by_number(kept):
    client = client_of(member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY)))
    response = client.post("/pool/fees/paid/", {"number": kept.patent.lookup_number, "year": "7", "amount": "2000",
                                                "paid_on": "2025-01-10"})
    assert response.status_code == 403 and not FeePayment.objects.exists()


def test_marking_an_overdue_fee_paid_from_the_calendar_pays_the_tables_surcharge(kept):
    today = timezone.localdate()
    due = today - dt.timedelta(days=75)  # in the third month late: 10 % of the full fee (rules.md §10.3)
    filed = due - relativedelta(years=6)
    patent = PatentFactory(owner=kept.uni, application_date=filed, grant_date=filed + relativedelta(years=3))
    PoolEntryFactory(patent=patent, organisation=kept.uni)
    client = client_of(kept.office)
    page = client.get("/pool/fees/").content.decode()
    fields = re.search(rf'name="number" value="{re.escape(patent.lookup_number)}">'
                       r'<input type="hidden" name="year" value="7">'
                       r'<input type="hidden" name="amount" value="([^"]+)">'
                       r'<input type="hidden" name="surcharge" value="([^"]+)">', page)
    amount, surcharge = fields.groups()
    client.post("/pool/fees/paid/", {"number": patent.lookup_number, "year": "7", "amount": amount,
                                     "surcharge": surcharge})
    assert patent.fee_payments.get().surcharge == Decimal("200.00") == Decimal(surcharge)


def test_the_entry_page_does_not_query_per_record(kept, django_assert_max_num_queries):
    client, url = client_of(kept.office), _entry_url(kept)
    project = upkeep.funded_project_declare(actor=kept.office, patent=kept.patent, project_name="课题", funder="科技部")

    def add(n: int) -> None:
        upkeep.fee_payment_record(actor=kept.office, patent=kept.patent, year=3 + n, amount=Decimal("1"),
                                  paid_on=dt.date(2021, 5, 1), today=TODAY)
        upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number=f"GB/T {n}-2020")
        upkeep.implementation_report_record(actor=kept.office, project=project, year=2019 + n,
                                            mode=ImplementationMode.OWN, today=TODAY)

    add(0)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 7):
        add(n)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200

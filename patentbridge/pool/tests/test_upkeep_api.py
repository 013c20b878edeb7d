"""The upkeep endpoints: fee reduction, fee payments, funded project and reports, standard declarations; who may
call them, the error envelope, and lists that do not query once per row."""

import datetime as dt
import json
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import maintenance_services as upkeep
from patentbridge.pool.models import FeePayment, ImplementationMode, StandardDeclaration
from patentbridge.pool.tests.conftest import GRANTED, TODAY
from patentbridge.pool.tests.factories import PoolEntryFactory

PAYMENT = {"year": 7, "amount": "2000.00", "paid_on": "2025-01-10"}
PROJECT = {"project_name": "国家重点研发计划 某课题", "funder": "科学技术部", "end_date": "2020-12-31"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, path: str, body: dict | None = None):
    return getattr(client, method)(path, json.dumps(body or {}), content_type="application/json")


def _paid(kept, year: int = 7) -> FeePayment:
    """A payment made before the year's due date (on time, whatever today is)."""
    return upkeep.fee_payment_record(actor=kept.office, patent=kept.patent, year=year, amount=Decimal("2000"),
                                     paid_on=dt.date(2025, 1, 10), today=TODAY)


def _writes(kept) -> list[tuple[str, str, dict]]:
    number, to_cancel, to_correct = kept.patent.lookup_number, _paid(kept, year=8), _paid(kept, year=9)
    declaration = upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number="GB/T 2-2020")
    upkeep.funded_project_declare(actor=kept.office, patent=kept.patent, project_name="课题", funder="科技部")
    return [
        ("put", f"/api/v1/pool/entries/{kept.entry.pk}/fee-reduction", {"reduction": "single"}),
        ("post", f"/api/v1/patents/{number}/fee-payments", PAYMENT),
        ("post", f"/api/v1/patents/{number}/fee-payments/{to_cancel.pk}/cancel", {"reason": "错"}),
        ("post", f"/api/v1/patents/{number}/fee-payments/{to_correct.pk}/correct",
         {"amount": "1700", "paid_on": "2025-01-10", "reason": "错"}),
        ("put", f"/api/v1/patents/{number}/funded-project", PROJECT),
        ("put", f"/api/v1/patents/{number}/funded-project/reports/2025", {"mode": "own"}),
        ("post", f"/api/v1/patents/{number}/standards", {"standard_number": "GB/T 1-2020"}),
        ("delete", f"/api/v1/patents/{number}/standards/{declaration.pk}", {}),
    ]


# ---------------------------------------------------------------- who may call them

def test_the_institutions_office_may_make_every_upkeep_write(kept):
    client = client_of(kept.office)
    statuses = [send(client, method, path, body).status_code for method, path, body in _writes(kept)]
    assert statuses == [200, 201, 200, 201, 200, 200, 201, 204]


@pytest.mark.parametrize("who", ["anonymous", "other_office", "read_only_member", "regulator", "enterprise"])
def test_no_one_else_may_make_an_upkeep_write(kept, who):
    people = {
        "other_office": lambda: member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY)),
        "read_only_member": lambda: kept.admin,
        "regulator": lambda: member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR),
        "enterprise": lambda: member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.SIGNATORY),
    }
    client = client_of(people[who]()) if who in people else Client()
    writes = _writes(kept)
    before = (FeePayment.objects.standing().count(), StandardDeclaration.objects.count())
    statuses = {send(client, method, path, body).status_code for method, path, body in writes}
    assert statuses <= ({401} if who == "anonymous" else {403, 404})
    assert (FeePayment.objects.standing().count(), StandardDeclaration.objects.count()) == before


@pytest.mark.parametrize("who", ["office", "read_only_member", "regulator"])
def test_the_keepers_and_the_regulator_read_the_records(kept, who):
    _paid(kept)
    upkeep.funded_project_declare(actor=kept.office, patent=kept.patent, project_name="课题", funder="科技部")
    reader = {"office": kept.office, "read_only_member": kept.admin,
              "regulator": member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)}[who]
    client, number = client_of(reader), kept.patent.lookup_number
    assert client.get(f"/api/v1/patents/{number}/fee-payments").json()["count"] == 1
    assert client.get(f"/api/v1/patents/{number}/funded-project").json()["funder"] == "科技部"


@pytest.mark.parametrize("path", ["fee-payments", "funded-project"])
def test_another_institution_cannot_read_the_records(kept, path):
    client = client_of(member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY)))
    response = client.get(f"/api/v1/patents/{kept.patent.lookup_number}/{path}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_reading_the_records_needs_a_sign_in(kept):
    assert Client().get(f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments").status_code == 401


def test_anyone_reads_the_standards_a_patent_is_declared_essential_to(kept):
    upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number="YD/T 3627-2019")
    body = Client().get(f"/api/v1/patents/{kept.patent.lookup_number}/standards").json()
    assert [item["standard_number"] for item in body["items"]] == ["YD/T 3627-2019"]


# ---------------------------------------------------------------- what they answer

def test_a_recorded_payment_is_answered_with_who_recorded_it(kept):
    body = send(client_of(kept.office), "post", f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments",
                PAYMENT).json()
    assert (body["year"], Decimal(body["amount"]), body["recorded_by"]) == (7, Decimal("2000"), kept.office.username)


def test_a_second_payment_of_a_year_is_409_with_the_recorded_one(kept):
    first = _paid(kept)
    response = send(client_of(kept.office), "post", f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments",
                    PAYMENT)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "fee_already_paid"
    assert response.json()["error"]["details"]["payment_id"] == first.pk


def test_a_wrong_surcharge_is_400_with_the_amount_owed(kept):
    response = send(client_of(kept.office), "post", f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments",
                    {**PAYMENT, "paid_on": "2025-03-20"})
    assert response.status_code == 400
    assert (response.json()["error"]["code"], response.json()["error"]["details"]["expected"]) == (
        "surcharge_mismatch", "200.00")


def test_a_negative_amount_is_refused_by_the_schema(kept):
    response = send(client_of(kept.office), "post", f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments",
                    {**PAYMENT, "amount": "-1"})
    assert response.status_code == 422


def test_a_correction_answers_the_new_payment_and_lists_both(kept):
    wrong, client = _paid(kept), client_of(kept.office)
    number = kept.patent.lookup_number
    body = send(client, "post", f"/api/v1/patents/{number}/fee-payments/{wrong.pk}/correct",
                {"amount": "1700", "paid_on": "2025-01-10", "reason": "应按减缴后金额"}).json()
    assert body["replaces"] == wrong.pk
    listed = client.get(f"/api/v1/patents/{number}/fee-payments").json()["items"]
    assert [(item["id"], item["cancel_reason"]) for item in listed] == [(wrong.pk, "应按减缴后金额"),
                                                                         (body["id"], "")]


def test_the_fee_reduction_is_answered_on_the_entry(kept):
    body = send(client_of(kept.office), "put", f"/api/v1/pool/entries/{kept.entry.pk}/fee-reduction",
                {"reduction": "single"}).json()
    assert body["fee_reduction"] == "single"


def test_a_patent_without_a_funded_project_answers_404_no_funded_project(kept):
    response = client_of(kept.office).get(f"/api/v1/patents/{kept.patent.lookup_number}/funded-project")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "no_funded_project")


def test_a_report_before_the_project_is_declared_is_404(kept):
    response = send(client_of(kept.office), "put",
                    f"/api/v1/patents/{kept.patent.lookup_number}/funded-project/reports/2025", {"mode": "own"})
    assert response.status_code == 404


def test_the_funded_project_lists_its_reports_one_a_year(kept):
    client, number = client_of(kept.office), kept.patent.lookup_number
    send(client, "put", f"/api/v1/patents/{number}/funded-project", PROJECT)
    for mode in ("none", "licence"):
        send(client, "put", f"/api/v1/patents/{number}/funded-project/reports/2025", {"mode": mode})
    reports = client.get(f"/api/v1/patents/{number}/funded-project").json()["reports"]
    assert [(r["year"], r["mode"]) for r in reports] == [(2025, "licence")]


def test_a_standard_declared_twice_is_409(kept):
    client, path = client_of(kept.office), f"/api/v1/patents/{kept.patent.lookup_number}/standards"
    send(client, "post", path, {"standard_number": "GB/T 1-2020"})
    response = send(client, "post", path, {"standard_number": "gb/t 1-2020"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "already_declared")


def test_unused_funded_projects_are_the_callers_own_and_all_for_the_regulator(kept):
    old = PatentFactory(owner=kept.uni, application_date=dt.date(2012, 1, 1), grant_date=dt.date(2014, 1, 1))
    PoolEntryFactory(patent=old, organisation=kept.uni)
    upkeep.funded_project_declare(actor=kept.office, patent=old, project_name="课题", funder="科技部")
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    stranger = member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY))
    counts = [client_of(user).get("/api/v1/pool/funded-projects/unused").json()["count"]
              for user in (kept.office, regulator, stranger)]
    assert counts == [1, 1, 0]


# ---------------------------------------------------------------- no query per row
# Each list is read once with one row to learn its fixed cost, then with many: the many may cost no more.

ROWS = 12


def _queries(read) -> int:
    with CaptureQueriesContext(connection) as context:
        read()
    return len(context)


def test_the_fee_payment_list_does_not_query_per_row(kept, django_assert_max_num_queries):
    client, path = client_of(kept.office), f"/api/v1/patents/{kept.patent.lookup_number}/fee-payments"
    payments = [upkeep.fee_payment_record(actor=kept.office, patent=kept.patent, year=year, amount=Decimal("1"),
                                          paid_on=GRANTED, today=TODAY) for year in range(3, 3 + ROWS)]
    upkeep.fee_payment_cancel(actor=kept.admin, payment=payments[0], reason="错")
    client.get(path)  # the session's first use
    one = _queries(lambda: client.get(f"{path}?limit=1"))
    with django_assert_max_num_queries(one):
        assert client.get(path).json()["count"] == ROWS


def test_the_standard_list_does_not_query_per_row(kept, django_assert_max_num_queries):
    path = f"/api/v1/patents/{kept.patent.lookup_number}/standards"
    for n in range(ROWS):
        upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number=f"GB/T {n}-2020")
    one = _queries(lambda: Client().get(f"{path}?limit=1"))
    with django_assert_max_num_queries(one):
        assert Client().get(path).json()["count"] == ROWS


def test_the_funded_project_does_not_query_per_report(kept, django_assert_max_num_queries):
    client, path = client_of(kept.office), f"/api/v1/patents/{kept.patent.lookup_number}/funded-project"
    project = upkeep.funded_project_declare(actor=kept.office, patent=kept.patent, project_name="课题", funder="科技部")
    report = partial(upkeep.implementation_report_record, actor=kept.office, project=project,
                     mode=ImplementationMode.OWN, today=TODAY)
    report(year=2019)
    client.get(path)
    one = _queries(lambda: client.get(path))
    for year in range(2020, 2026):
        report(year=year)
    with django_assert_max_num_queries(one):
        assert len(client.get(path).json()["reports"]) == 7


def test_the_unused_funded_project_list_does_not_query_per_row(kept, django_assert_max_num_queries):
    for n in range(ROWS):
        patent = PatentFactory(owner=kept.uni, application_date=dt.date(2010, 1, 1), grant_date=dt.date(2012, 1, 1))
        PoolEntryFactory(patent=patent, organisation=kept.uni)
        upkeep.funded_project_declare(actor=kept.office, patent=patent, project_name=f"课题{n}", funder="科技部")
    regulator = client_of(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))
    regulator.get("/api/v1/pool/funded-projects/unused?limit=1")
    one = _queries(lambda: regulator.get("/api/v1/pool/funded-projects/unused?limit=1"))
    with django_assert_max_num_queries(one):
        assert regulator.get("/api/v1/pool/funded-projects/unused").json()["count"] == ROWS

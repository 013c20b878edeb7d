"""Schemathesis: every operation of the OpenAPI schema, fuzzed anonymously and with API tokens, never answers 5xx.

In-process (Django's WSGI application, no server) on the test database. Path ids and patent numbers are often
swapped for records that exist and belong to the caller, so the cases reach past the 404s into the services.
A few cases per operation by default; `make fuzz` sets PB_FUZZ_EXAMPLES=1000. Checks: no server error, and a
2xx body matches its response schema (the others fail on purpose-built answers, e.g. undocumented 4xx codes).
"""

import datetime as dt
import os
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from patentbridge.api import api
from patentbridge.core.services import api_token_create
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory

EXAMPLES = int(os.environ.get("PB_FUZZ_EXAMPLES", "5"))
CONFIG = SchemathesisConfig.from_dict({
    "generation": {"mode": "all", "database": "none", "max-examples": EXAMPLES},
    "phases": {"stateful": {"enabled": False}},
})
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
# Imported here, not at the top: the WSGI module sets up Django, which pytest-django has done already.
from patentbridge.wsgi import application  # noqa: E402

schema.app = application
# Path parameter values of records made for the running test (name → value); read when a case is drawn.
KNOWN: dict[str, Any] = {}

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict[str, Any] | None):
    known = {name: KNOWN[name] for name in path_parameters or {} if name in KNOWN}
    if not known:
        return st.just(path_parameters)
    return st.sampled_from([{**path_parameters, **known}, {**path_parameters, **known}, path_parameters])


@pytest.fixture
def in_process_requests():
    """Like Django's test client: requests run inside the test's transaction, so no connection is closed."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _records(member) -> dict[str, Any]:
    """One of each record an id in a path can name, all reachable by the member."""
    from patentbridge.deals import services as deals
    from patentbridge.demands import services as demands
    from patentbridge.licensing import services as licensing
    from patentbridge.patents.models import ImportBatch, ImportRejection
    from patentbridge.pool import maintenance_services as upkeep
    from patentbridge.pool.models import PoolEntry
    from patentbridge.push import services as push
    from patentbridge.push.models import Notification, PatentEvent, Subscription
    from patentbridge.recordation import contracts

    university, company = (m.organisation for m in member.memberships.order_by("pk"))
    granted = {"application_date": dt.date(2019, 1, 15), "grant_date": dt.date(2021, 5, 1)}
    patent, traded = PatentFactory(owner=university, **granted), PatentFactory(owner=university, **granted)
    declaration = licensing.declare(actor=member, organisation=university, patent=patent,
                                    data={"payment_mode": "lump_sum", "lump_sum": Decimal("50000"), "term_years": 3})
    licence = licensing.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                     notice="通知实施。")
    deal = deals.deal_create(actor=member, patent=traded, kind="ordinary_licence", owner=university,
                             counterparty=company, data={"amount": Decimal("1000"), "starts_on": dt.date.today(),
                                                                "ends_on": dt.date.today() + dt.timedelta(days=700)})
    demand = demands.demand_create(actor=member, organisation=company,
                                   data={"title": "降低压缩机噪音", "problem": "振动大、噪音高。"})
    subscription = push.subscription_create(user=member, kind=Subscription.Kind.SEARCH, name="降噪", query="降噪")
    event = PatentEvent.objects.create(patent=patent, kind=PatentEvent.Kind.NEW)
    notification = Notification.objects.create(user=member, subscription=subscription, event=event, patent=patent)
    batch = ImportBatch.objects.create(file_name="a.csv", file_sha256="0" * 64, file_format="csv", layout="custom",
                                       created_by=member, organisation=university)
    ImportRejection.objects.create(batch=batch, line=2, field="title", reason="empty")
    entry = PoolEntry.objects.create(patent=traded, organisation=university)
    payment = upkeep.fee_payment_record(actor=member, patent=patent, year=7, amount=Decimal("2000"),
                                        paid_on=dt.date(2025, 1, 10))
    standard = upkeep.standard_declare(actor=member, patent=patent, standard_number="GB/T 1-2020")
    upkeep.funded_project_declare(actor=member, patent=patent, project_name="重点研发计划课题", funder="科学技术部")
    contract = contracts.contract_for_service(contract_type="service", seller=university, buyer=company,
                                              subject="技术服务", amount=Decimal("1000"), signed_on=dt.date(2026, 1, 5))
    return {"organisation_id": university.pk, "number": patent.lookup_number, "declaration_id": declaration.pk,
            "licence_id": licence.pk, "deal_id": deal.pk, "demand_id": demand.pk, "subscription_id": subscription.pk,
            "notification_id": notification.pk, "import_id": batch.pk, "entry_id": entry.pk, "version": 1,
            "payment_id": payment.pk, "standard_id": standard.pk, "contract_id": contract.pk}


def _token(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='fuzz')}"}


@pytest.fixture(params=["anonymous", "member", "admin"])
def auth_headers(request, in_process_requests) -> dict[str, str]:
    """No credentials; a tech-transfer manager who is also an enterprise user; a platform administrator."""
    member = UserFactory()
    MembershipFactory(user=member, organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY),
                      role=Role.TECH_TRANSFER_MANAGER)
    MembershipFactory(user=member, organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                      role=Role.ENTERPRISE_USER)
    KNOWN.clear()
    KNOWN.update(_records(member))
    yield {"anonymous": lambda: {}, "member": lambda: _token(member),
           "admin": lambda: _token(MembershipFactory(organisation=OrganisationFactory(kind=OrgKind.AGENCY),
                                                     role=Role.PLATFORM_ADMIN).user)}[request.param]()
    KNOWN.clear()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES < 100, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_server_error(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])

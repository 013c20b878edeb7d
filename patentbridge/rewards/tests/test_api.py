"""The rewards API: the calculation step by step, applications, decisions and the ledger, in the one envelope."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.orgs.tests.factories import signer_of
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
    client = Client(enforce_csrf_checks=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def setup():
    data = filed_product_with_sales("1000000.00")
    return data.product, PolicyFactory(product_cap=Decimal("12000")), signer_of(data.product.filer), regulator()


def test_the_assessment_returns_the_steps(setup):
    product, policy, signer, _clerk = setup
    body = _client(signer).get(f"/api/v1/rewards/assessment?product={product.pk}&policy={policy.pk}&year={YEAR}").json()
    assert body["eligible"] and [(s["key"], s["amount"]) for s in body["calculation"]][-1] == ("result", "12000.00")


def test_apply_then_approve_then_pay(setup):
    product, policy, signer, clerk = setup
    created = _post(_client(signer), "/api/v1/rewards/applications",
                    {"product": product.pk, "policy": policy.pk, "year": YEAR}).json()
    _post(_client(clerk), f"/api/v1/rewards/applications/{created['id']}/approve", {})
    paid = _post(_client(clerk), f"/api/v1/rewards/applications/{created['id']}/pay",
                 {"amount": "12000.00", "paid_on": timezone.localdate().isoformat(), "reference": "X1"}).json()
    assert (paid["status"], paid["paid_amount"]) == ("paid", "12000.00")


def test_the_enterprise_approving_gets_the_permission_envelope(setup):
    product, policy, signer, _clerk = setup
    created = _post(_client(signer), "/api/v1/rewards/applications",
                    {"product": product.pk, "policy": policy.pk, "year": YEAR}).json()
    response = _post(_client(signer), f"/api/v1/rewards/applications/{created['id']}/approve", {})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_a_double_application_gets_the_conflict_envelope(setup):
    product, policy, signer, _clerk = setup
    client = _client(signer)
    body = {"product": product.pk, "policy": policy.pk, "year": YEAR}
    _post(client, "/api/v1/rewards/applications", body)
    response = _post(client, "/api/v1/rewards/applications", body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_applied"


def test_another_citys_regulator_is_refused_the_ledger(setup):
    response = _client(regulator(SHENZHEN)).get(f"/api/v1/rewards/ledger?city={GUANGZHOU}&year={YEAR}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_the_ledger_returns_the_totals(setup):
    product, policy, signer, clerk = setup
    _post(_client(signer), "/api/v1/rewards/applications", {"product": product.pk, "policy": policy.pk, "year": YEAR})
    body = _client(clerk).get(f"/api/v1/rewards/ledger?city={GUANGZHOU}&year={YEAR}").json()
    assert (body["applied"], body["approved"], body["budget_left"]) == ("12000.00", "0.00", None)

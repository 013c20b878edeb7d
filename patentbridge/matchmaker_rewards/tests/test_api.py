"""/api/v1/matchmaker-rewards: eligible rewards with their calculation, errors in the one envelope with their codes,
and the ledger's totals."""

import json

import pytest
from django.test import Client

from patentbridge.matchmaker_rewards.tests.factories import GUANGZHOU, YEAR, PolicyFactory, attributed, regulator_of

pytestmark = pytest.mark.django_db
BASE = "/api/v1/matchmaker-rewards"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_eligible_list_gives_the_calculation_step_by_step():
    attribution, policy = attributed("400000.00"), PolicyFactory()
    rows = _client(attribution.designation.commissioner).get(f"{BASE}/eligible").json()
    assert [(r["policy"], r["year"], r["calculation"][-1]["amount"]) for r in rows] == [(policy.pk, YEAR, "20000.00")]


def test_an_ineligible_application_names_every_unmet_rule():
    attribution, policy = attributed(registered=False), PolicyFactory()
    response = _post(_client(attribution.designation.commissioner), f"{BASE}/applications",
                     {"attribution": attribution.pk, "policy": policy.pk, "year": YEAR})
    error = response.json()["error"]
    assert (response.status_code, error["code"], len(error["details"]["rules"])) == (400, "not_eligible", 1)


def test_an_example_policy_is_not_found_for_applying():
    attribution, policy = attributed(), PolicyFactory(is_example=True)
    response = _post(_client(attribution.designation.commissioner), f"{BASE}/applications",
                     {"attribution": attribution.pk, "policy": policy.pk, "year": YEAR})
    assert response.status_code == 404


def test_approving_above_the_calculation_is_a_400_with_its_code():
    attribution, policy = attributed(), PolicyFactory()
    applied = _post(_client(attribution.designation.commissioner), f"{BASE}/applications",
                    {"attribution": attribution.pk, "policy": policy.pk, "year": YEAR}).json()
    response = _post(_client(regulator_of()), f"{BASE}/applications/{applied['id']}/approve",
                     {"amount": "20000.01", "reason": "x"})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "above_calculation")


def test_paying_before_approval_is_a_409():
    attribution, policy = attributed(), PolicyFactory()
    applied = _post(_client(attribution.designation.commissioner), f"{BASE}/applications",
                    {"attribution": attribution.pk, "policy": policy.pk, "year": YEAR}).json()
    response = _post(_client(regulator_of()), f"{BASE}/applications/{applied['id']}/pay",
                     {"amount": "20000.00", "paid_on": "2026-01-05", "reference": "P"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "invalid_transition")


def test_the_ledger_totals_what_was_approved_and_paid():
    attribution, policy = attributed(), PolicyFactory(budget="50000")
    clerk = regulator_of()
    applied = _post(_client(attribution.designation.commissioner), f"{BASE}/applications",
                    {"attribution": attribution.pk, "policy": policy.pk, "year": YEAR}).json()
    _post(_client(clerk), f"{BASE}/applications/{applied['id']}/approve", {"amount": "18000", "reason": "部分履行"})
    book = _client(clerk).get(f"{BASE}/ledger?city={GUANGZHOU}&year={YEAR}").json()
    assert (book["approved"], book["paid"], book["budget_left"]) == ("18000.00", "0.00", "32000.00")


def test_overlapping_policy_years_are_a_409():
    PolicyFactory()
    response = _post(_client(regulator_of()), f"{BASE}/policies", {
        "city": GUANGZHOU, "title": "新版本", "beneficiary": "commissioner", "basis": "contract", "first_year": 2026,
        "rate": "3"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "policy_years_overlap")

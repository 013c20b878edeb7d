"""Who may and who may not, for every page and endpoint of matchmaker rewards that reads an application or changes
anything: the commissioner of the attributed deal, the parties of the deal, organisations of the same kinds that are
not parties, another commissioner, an undesignated broker, a bank, the city's regulator, another city's regulator,
the provincial regulator and the platform administrator. A role not listed as allowed is refused (401/403/404), or
for a list shown without the row, and nothing changes."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.commissioners.tests.factories import designated, enterprise, regulator_of
from patentbridge.matchmaker_rewards.models import ApplicationStatus, MatchmakerApplication, MatchmakerPolicy
from patentbridge.matchmaker_rewards.services import reward_apply, reward_approve
from patentbridge.matchmaker_rewards.tests.factories import GUANGZHOU, SHENZHEN, YEAR, PolicyFactory, attributed
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

ACTORS = ("commissioner", "other_commissioner", "broker", "uni_office", "uni_admin", "firm_user", "firm_signatory",
          "firm_admin", "uni2_office", "firm2_signatory", "bank_officer", "regulator", "other_city_regulator",
          "provincial_regulator", "platform_admin")
READERS = {"commissioner", "regulator", "provincial_regulator"}
DECIDERS = {"regulator", "provincial_regulator"}


@pytest.fixture
def world(db):
    city = City.objects.get(pk=GUANGZHOU)
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY, city=city)
    firm = enterprise()
    designation = designated()
    attribution = attributed(designation=designation, firm=firm, university=uni)
    policy = PolicyFactory(last_year=2026)
    users = {
        "commissioner": designation.commissioner, "other_commissioner": designated().commissioner,
        "broker": member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER),
        "uni_office": member_of(uni, Role.TECH_TRANSFER_MANAGER), "uni_admin": member_of(uni, Role.ORG_ADMIN),
        "firm_user": member_of(firm, Role.ENTERPRISE_USER), "firm_signatory": member_of(firm, Role.SIGNATORY),
        "firm_admin": member_of(firm, Role.ORG_ADMIN),
        "uni2_office": member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY), Role.TECH_TRANSFER_MANAGER),
        "firm2_signatory": member_of(enterprise(), Role.SIGNATORY),
        "bank_officer": member_of(OrganisationFactory(kind=OrgKind.FINANCIAL), Role.BANK_OFFICER),
        "regulator": regulator_of(GUANGZHOU), "other_city_regulator": regulator_of(SHENZHEN),
        "provincial_regulator": regulator_of(None),
        "platform_admin": member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN),
    }
    return SimpleNamespace(users=users, attribution=attribution, policy=policy, deal=attribution.deal)


def _applied(world) -> MatchmakerApplication:
    return reward_apply(actor=world.users["commissioner"], attribution=world.attribution, policy=world.policy,
                        year=YEAR)


def _client(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


def _post_json(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_an_application_page(world, actor):
    application = _applied(world)
    response = _client(world, actor).get(f"/matchmaker-rewards/applications/{application.pk}/")
    assert _ok(response) if actor in READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_an_application_through_the_api(world, actor):
    application = _applied(world)
    response = _client(world, actor).get(f"/api/v1/matchmaker-rewards/applications/{application.pk}")
    assert _ok(response) if actor in READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_listing_applications_through_the_api(world, actor):
    application = _applied(world)
    response = _client(world, actor).get("/api/v1/matchmaker-rewards/applications")
    ids = {row["id"] for row in response.json()["items"]} if _ok(response) else set()
    assert (application.pk in ids) == (actor in READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_applying_through_the_api(world, actor):
    response = _post_json(_client(world, actor), "/api/v1/matchmaker-rewards/applications",
                          {"attribution": world.attribution.pk, "policy": world.policy.pk, "year": YEAR})
    if actor == "commissioner":
        assert response.status_code == 201
    else:
        assert _refused(response) and not MatchmakerApplication.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_the_apply_page(world, actor):
    response = _client(world, actor).post(f"/matchmaker-rewards/apply/{world.attribution.pk}/",
                                          {"policy": world.policy.pk, "year": YEAR})
    if actor == "commissioner":
        assert response.status_code == 302 and MatchmakerApplication.objects.count() == 1
    else:
        assert _refused(response) and not MatchmakerApplication.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_the_eligible_deals_are_the_commissioners_own(world, actor):
    response = _client(world, actor).get("/matchmaker-rewards/mine/")
    shown = f"/matchmaker-rewards/apply/{world.attribution.pk}/" in response.content.decode()
    assert _ok(response) and shown == (actor == "commissioner")


@pytest.mark.parametrize("actor", ACTORS)
def test_approving_a_reduced_amount(world, actor):
    application = _applied(world)
    response = _client(world, actor).post(f"/matchmaker-rewards/applications/{application.pk}/approve/",
                                          {"amount": "1000", "reason": "部分履行"})
    application.refresh_from_db()
    if actor in DECIDERS:
        assert response.status_code == 302 and application.approved_amount == Decimal("1000.00")
    else:
        assert _refused(response) and application.status == ApplicationStatus.APPLIED


@pytest.mark.parametrize("actor", ACTORS)
def test_refusing_through_the_api(world, actor):
    application = _applied(world)
    response = _post_json(_client(world, actor),
                          f"/api/v1/matchmaker-rewards/applications/{application.pk}/refuse", {"reason": "材料不全"})
    application.refresh_from_db()
    if actor in DECIDERS:
        assert _ok(response) and application.status == ApplicationStatus.REFUSED
    else:
        assert _refused(response) and application.status == ApplicationStatus.APPLIED


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_the_payment(world, actor):
    application = reward_approve(actor=world.users["regulator"], application=_applied(world))
    response = _client(world, actor).post(f"/matchmaker-rewards/applications/{application.pk}/pay/", {
        "amount": "20000.00", "paid_on": timezone.localdate().isoformat(), "reference": "PZ-1"})
    application.refresh_from_db()
    if actor in DECIDERS:
        assert response.status_code == 302 and application.status == ApplicationStatus.PAID
    else:
        assert _refused(response) and application.status == ApplicationStatus.APPROVED


@pytest.mark.parametrize("actor", ACTORS)
def test_withdrawing(world, actor):
    application = _applied(world)
    response = _client(world, actor).post(f"/matchmaker-rewards/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    if actor == "commissioner":
        assert response.status_code == 302 and application.status == ApplicationStatus.WITHDRAWN
    else:
        assert _refused(response) and application.status == ApplicationStatus.APPLIED


@pytest.mark.parametrize("actor", ACTORS)
def test_the_review_queue(world, actor):
    application = _applied(world)
    response = _client(world, actor).get("/matchmaker-rewards/queue/")
    if actor in DECIDERS:
        assert f"/applications/{application.pk}/" in response.content.decode()
    elif actor == "other_city_regulator":
        assert _ok(response) and f"/applications/{application.pk}/" not in response.content.decode()
    else:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_the_ledger_through_the_api(world, actor):
    application = _applied(world)
    response = _client(world, actor).get(f"/api/v1/matchmaker-rewards/ledger?city={GUANGZHOU}&year={YEAR}")
    if actor in DECIDERS:
        assert [row["id"] for row in response.json()["applications"]] == [application.pk]
    else:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_the_ledger_csv(world, actor):
    _applied(world)
    response = _client(world, actor).get(f"/matchmaker-rewards/ledger/?city={GUANGZHOU}&year={YEAR}&format=csv")
    if actor in DECIDERS:
        assert "20000.00" in response.content.decode()
    elif actor == "other_city_regulator":
        assert _ok(response) and "20000.00" not in response.content.decode()
    else:
        assert _refused(response)


POLICY = {"city": GUANGZHOU, "title": "测试", "beneficiary": "commissioner", "basis": "paid", "first_year": 2030,
          "rate": "5"}


@pytest.mark.parametrize("actor", ACTORS)
def test_entering_a_policy(world, actor):
    response = _post_json(_client(world, actor), "/api/v1/matchmaker-rewards/policies", POLICY)
    if actor in DECIDERS:
        assert response.status_code == 201
    else:
        assert _refused(response) and MatchmakerPolicy.objects.count() == 1


@pytest.mark.parametrize("actor", ACTORS)
def test_changing_a_policy(world, actor):
    response = _post_json(_client(world, actor), f"/matchmaker-rewards/policies/{world.policy.pk}/", {})
    world.policy.refresh_from_db()
    assert _ok(response) if actor in DECIDERS else _refused(response)
    assert world.policy.rate == Decimal("5")


def test_anyone_reads_the_policies(world):
    response = Client().get("/api/v1/matchmaker-rewards/policies")
    assert [row["id"] for row in response.json()] == [world.policy.pk]

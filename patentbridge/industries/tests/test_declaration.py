"""An organisation's administrator declares its industries (page and API); nobody else can."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client, override_settings

from patentbridge.core.models import SecurityEvent
from patentbridge.industries.models import DeclaredIndustry, PatentIndustry, Route
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _mounted(settings):
    settings.ROOT_URLCONF = "patentbridge.industries.tests.urls"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _declared(organisation) -> set[str]:
    return set(organisation.declared_industries.values_list("industry_id", flat=True))


def test_the_organisations_admin_declares_its_industries_on_the_page(reference):
    organisation = OrganisationFactory()
    client = _client(member_of(organisation, Role.ORG_ADMIN))
    response = client.post(f"/industries/organisations/{organisation.pk}/declare/", {"industries": ["3921", "6513"]})
    assert response.status_code == 302 and _declared(organisation) == {"3921", "6513"}


def test_the_admin_of_another_organisation_cannot_declare_its_industries(reference):
    organisation = OrganisationFactory()
    client = _client(member_of(OrganisationFactory(), Role.ORG_ADMIN))
    response = client.post(f"/industries/organisations/{organisation.pk}/declare/", {"industries": ["3921"]})
    assert response.status_code == 403 and _declared(organisation) == set()


def test_a_member_who_is_not_its_admin_cannot_declare_through_the_api(reference):
    organisation = OrganisationFactory()
    client = _client(member_of(organisation, Role.TECH_TRANSFER_MANAGER))
    response = client.put(f"/api/v1/organisations/{organisation.pk}/industries",
                          json.dumps({"industries": ["3921"]}), content_type="application/json")
    assert response.status_code == 403 and _declared(organisation) == set()


def test_a_refused_declaration_is_recorded(reference):
    organisation = OrganisationFactory()
    _client(member_of(OrganisationFactory(), Role.ORG_ADMIN)).post(
        f"/industries/organisations/{organisation.pk}/declare/", {"industries": ["3921"]})
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERMISSION_DENIED).exists()


def test_a_code_that_is_not_a_small_class_is_refused_through_the_api(reference):
    organisation = OrganisationFactory()
    client = _client(member_of(organisation, Role.ORG_ADMIN))
    response = client.put(f"/api/v1/organisations/{organisation.pk}/industries",
                          json.dumps({"industries": ["39"]}), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["details"]["industries"]


def test_a_declaration_is_in_the_audit_trail(reference):
    organisation = OrganisationFactory()
    client = _client(member_of(organisation, Role.ORG_ADMIN))
    client.put(f"/api/v1/organisations/{organisation.pk}/industries", json.dumps({"industries": ["3921"]}),
               content_type="application/json")
    row = DeclaredIndustry.objects.get(organisation=organisation)
    assert LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.CREATE).exists()


def test_withdrawing_a_declaration_leaves_none(reference):
    organisation = OrganisationFactory()
    DeclaredIndustry.objects.create(organisation=organisation, industry_id="3921")
    client = _client(member_of(organisation, Role.ORG_ADMIN))
    client.put(f"/api/v1/organisations/{organisation.pk}/industries", json.dumps({"industries": []}),
               content_type="application/json")
    assert _declared(organisation) == set()


@override_settings(TASKS=IMMEDIATE)
def test_declaring_counts_the_organisations_patents_in_the_industry(reference, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    patent = PatentFactory(owner=organisation)
    client = _client(member_of(organisation, Role.ORG_ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        client.put(f"/api/v1/organisations/{organisation.pk}/industries", json.dumps({"industries": ["3921"]}),
                   content_type="application/json")
    assert dict(PatentIndustry.objects.filter(patent=patent, route=Route.APPLICANT)
                .values_list("industry_id", "weight")) == {"3921": Decimal("1")}


def test_anyone_reads_an_organisations_declared_industries(reference):
    organisation = OrganisationFactory()
    DeclaredIndustry.objects.create(organisation=organisation, industry_id="3921")
    response = Client().get(f"/api/v1/organisations/{organisation.pk}/industries")
    assert response.json() == [{"code": "3921", "name": "通信系统设备制造"}]


def test_the_organisation_page_offers_the_declaration_to_its_admin_only(reference):
    organisation = OrganisationFactory()
    admin_page = _client(member_of(organisation, Role.ORG_ADMIN)).get(f"/orgs/{organisation.pk}/")
    public_page = Client().get(f"/orgs/{organisation.pk}/")
    assert b'data-testid="declare-industries"' in admin_page.content
    assert b'data-testid="declared-industries"' in public_page.content
    assert b'data-testid="declare-industries"' not in public_page.content

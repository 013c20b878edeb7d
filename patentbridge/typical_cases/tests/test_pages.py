"""The office's desk and draft form, and the regulator's review buttons, through the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from patentbridge.deals.models import DealStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.typical_cases.models import TypicalCase, TypicalCaseStatus
from patentbridge.typical_cases.tests.factories import TypicalCaseFactory, converted_deal

pytestmark = pytest.mark.django_db
S = TypicalCaseStatus


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def university():
    return OrganisationFactory()


@pytest.fixture
def office(university):
    return client_of(member_of(university))


@pytest.fixture
def regulator():
    return client_of(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))


def test_the_desk_offers_the_offices_completed_conversions_only(university, office):
    done = converted_deal(university)
    unfinished = converted_deal(university, status=DealStatus.NEGOTIATING)
    page = office.get(reverse("typical_cases:desk")).content.decode()
    assert reverse("typical_cases:new", args=["deal", done.pk]) in page
    assert reverse("typical_cases:new", args=["deal", unfinished.pk]) not in page


def test_the_draft_form_of_an_unfinished_deal_is_not_found(university, office):
    deal = converted_deal(university, status=DealStatus.SIGNED)
    assert office.get(reverse("typical_cases:new", args=["deal", deal.pk])).status_code == 404


def test_the_draft_form_of_another_organisations_deal_is_not_found(office):
    assert office.get(reverse("typical_cases:new", args=["deal", converted_deal().pk])).status_code == 404


def test_the_office_saves_a_draft_through_the_form(university, office):
    deal = converted_deal(university)
    response = office.post(reverse("typical_cases:new", args=["deal", deal.pk]),
                           {"title": "电池专利许可", "summary": "一年投产", "amount": "800000", "industry": "3841",
                            "counterparty_alias": "佛山某企业"})
    case = TypicalCase.objects.get(deal=deal)
    assert response.status_code == 302 and (case.title, case.industry_id) == ("电池专利许可", "3841")


def test_the_form_shows_a_wrong_industry_code_by_its_field(university, office):
    deal = converted_deal(university)
    response = office.post(reverse("typical_cases:new", args=["deal", deal.pk]), {"title": "案例", "industry": "9999"})
    assert response.status_code == 200 and not TypicalCase.objects.exists()
    assert "industry" in response.context["form"].errors


def test_the_regulator_publishes_through_the_page(regulator):
    case = TypicalCaseFactory(status=S.SUBMITTED)
    regulator.post(reverse("typical_cases:step", args=[case.pk]), {"to": "published"})
    case.refresh_from_db()
    assert case.status == S.PUBLISHED


def test_the_office_cannot_publish_through_the_page(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    response = office.post(reverse("typical_cases:step", args=[case.pk]), {"to": "published"})
    case.refresh_from_db()
    assert response.status_code == 403 and case.status == S.SUBMITTED


def test_the_review_queue_lists_submitted_cases(regulator):
    waiting = TypicalCaseFactory(status=S.SUBMITTED, title="待审案例")
    TypicalCaseFactory(status=S.DRAFT, title="草稿案例")
    page = regulator.get(reverse("typical_cases:desk")).content.decode()
    assert waiting.title in page and "草稿案例" not in page


def test_the_desk_is_refused_to_an_enterprise():
    client = client_of(member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.SIGNATORY))
    assert client.get(reverse("typical_cases:desk")).status_code == 403


def test_the_office_reads_its_draft_with_the_real_name(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university))
    page = office.get(reverse("typical_cases:detail", args=[case.pk])).content.decode()
    assert case.counterparty.name in page

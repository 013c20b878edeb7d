"""The pages of each role: the regulator's oversight, the commissioner's desk, the enterprise's requests, one request,
and the attribution on the deal page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from patentbridge.commissioners.models import Attribution, RequestStatus, ServiceRequest
from patentbridge.commissioners.tests.factories import (
    GUANGZHOU,
    SHENZHEN,
    assign,
    designated,
    enterprise,
    regulator_of,
    service_request,
)
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_regulator_sees_the_overdue_figure():
    service_request(accept_by=dt.date(2026, 1, 2))
    page = client_of(regulator_of()).get(reverse("commissioners:oversight"))
    assert 'data-testid="overdue-count"' in page.content.decode() and page.context["overdue_count"] == 1


def test_the_regulator_designates_from_the_page():
    broker = designated(SHENZHEN).commissioner  # a broker, designated elsewhere already
    page = client_of(regulator_of()).post(reverse("commissioners:oversight"), {
        "username": broker.username, "city": "440100", "starts_on": "2026-12-01"})
    assert page.status_code == 302 and broker.commissioner_designations.filter(city_id="440100").exists()


def test_an_enterprise_cannot_open_the_oversight_page():
    firm = enterprise()
    assert client_of(signer_of(firm)).get(reverse("commissioners:oversight")).status_code == 403


def test_the_desk_lists_the_commissioners_requests_and_enterprises():
    designation = designated()
    firm = enterprise()
    assign(designation, firm)
    service_request(firm, designation)
    page = client_of(designation.commissioner).get(reverse("commissioners:desk"))
    assert page.content.decode().count(firm.name) == 2


def test_a_broker_not_designated_is_told_so():
    broker = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)
    assert 'data-testid="not-designated"' in client_of(broker).get(reverse("commissioners:desk")).content.decode()


def test_the_enterprise_opens_a_request_from_its_page():
    firm = enterprise()
    designated()
    response = client_of(member_of(firm, Role.ENTERPRISE_USER)).post(reverse("commissioners:requests"),
                                                                      {"need": "寻找电池回收技术"})
    service = ServiceRequest.objects.get(enterprise=firm)
    assert response.url == reverse("commissioners:request", args=[service.pk])


def test_another_enterprise_cannot_read_the_request():
    service = service_request()
    other = client_of(member_of(enterprise(), Role.ENTERPRISE_USER))
    assert other.get(reverse("commissioners:request", args=[service.pk])).status_code == 404


def test_the_commissioner_accepts_from_the_request_page():
    designation = designated()
    service = service_request(designation=designation)
    client_of(designation.commissioner).post(reverse("commissioners:step", args=[service.pk]), {"to": "accepted"})
    service.refresh_from_db()
    assert service.status == RequestStatus.ACCEPTED


def test_the_deal_page_shows_the_attribution_with_the_buttons_for_a_party():
    designation = designated()
    firm = enterprise()
    service = service_request(firm, designation, status=RequestStatus.ACCEPTED,
                              opened_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    deal = DealFactory(patent=PatentFactory(owner=enterprise(SHENZHEN)), counterparty=firm)
    Attribution.objects.create(deal=deal, designation=designation, request=service,
                               claimed_by=designation.commissioner)
    page = client_of(signer_of(firm)).get(reverse("deals:detail", args=[deal.pk])).content.decode()
    assert 'data-testid="deal-attribution"' in page and 'data-testid="attribution-confirm"' in page


def test_a_city_bureau_is_offered_only_its_own_city_to_designate_for():
    client = Client()
    client.force_login(regulator_of(GUANGZHOU))
    cities = client.get(reverse("commissioners:oversight")).context["form"].fields["city"].queryset
    assert list(cities.values_list("pk", flat=True)) == [GUANGZHOU]

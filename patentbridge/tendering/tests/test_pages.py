"""The tendering pages: who is offered what, and who is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.tendering.models import Bid, Tender
from patentbridge.tendering.tests.factories import BidFactory, TenderFactory, registered_agency

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def university():
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


@pytest.fixture
def office(university):
    return client_of(member_of(university))


@pytest.fixture
def agency():
    return registered_agency()


@pytest.fixture
def broker(agency):
    return client_of(member_of(agency, Role.AGENCY_BROKER))


@pytest.fixture
def tender(university):
    return TenderFactory(organisation=university)


def _closed(tender):
    tender.bid_deadline = timezone.now() - dt.timedelta(hours=1)
    tender.save()
    return tender


def test_anyone_reads_the_tender_list(tender):
    assert tender.title in Client().get(reverse("tendering:list")).content.decode()


def test_office_publishes_through_the_form(office):
    deadline = (timezone.localtime() + dt.timedelta(days=21)).strftime("%Y-%m-%dT%H:%M")
    office.post(reverse("tendering:new"), {"title": "代理招标", "scope": "发明", "period_start": "2027-01-01",
                                           "period_end": "2027-12-31", "bid_deadline": deadline,
                                           "price_weight": "30", "quality_weight": "70"})
    assert Tender.objects.get().title == "代理招标"


def test_broker_is_refused_the_tender_form(broker):
    assert broker.get(reverse("tendering:new")).status_code == 403


def test_broker_bids_through_the_form(broker, tender, agency):
    broker.post(reverse("tendering:bid", args=[tender.pk]), {"agency": agency.pk, "price": "88000", "offer": "方案"})
    assert Bid.objects.get().agency == agency


def test_office_is_refused_the_bid_form(office, tender):
    assert office.get(reverse("tendering:bid", args=[tender.pk])).status_code == 403


def test_broker_sees_its_own_bid_but_not_anothers(broker, tender, agency):
    BidFactory(tender=tender, agency=agency, offer="我们的方案")
    BidFactory(tender=tender, offer="别家的方案")
    page = broker.get(reverse("tendering:detail", args=[tender.pk])).content.decode()
    assert "我们的方案" in page and "别家的方案" not in page


def test_broker_is_refused_the_scores_before_the_award(broker, tender, agency):
    BidFactory(tender=_closed(tender), agency=agency)
    assert broker.get(reverse("tendering:scores", args=[tender.pk])).status_code == 403


def test_office_reads_the_scores_after_the_deadline(office, tender):
    bid = BidFactory(tender=_closed(tender))
    assert bid.agency.name in office.get(reverse("tendering:scores", args=[tender.pk])).content.decode()


def test_office_awards_through_the_scores_page(office, tender):
    bid = BidFactory(tender=_closed(tender))
    office.post(reverse("tendering:award", args=[tender.pk]), {"bid": bid.pk, "reasons": "综合得分最高"})
    tender.refresh_from_db()
    assert tender.awarded_bid == bid


def test_broker_award_is_refused(broker, tender, agency):
    bid = BidFactory(tender=_closed(tender), agency=agency)
    assert broker.post(reverse("tendering:award", args=[tender.pk]),
                       {"bid": bid.pk, "reasons": "自己"}).status_code == 403


def test_agency_profile_shows_figures_with_their_denominators(agency):
    page = Client().get(reverse("tendering:agency", args=[agency.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-figure="grant_rate"' in page


def test_agency_admin_is_offered_the_registration_form(agency):
    admin = client_of(member_of(agency, Role.ORG_ADMIN))
    assert admin.get(reverse("tendering:registration", args=[agency.pk])).status_code == 200


def test_broker_is_refused_the_registration_form(broker, agency):
    assert broker.get(reverse("tendering:registration", args=[agency.pk])).status_code == 403


def test_only_a_platform_admin_opens_the_agency_list_upload(office):
    assert office.get(reverse("tendering:agency_list")).status_code == 403


def test_platform_admin_opens_the_agency_list_upload():
    admin = client_of(UserFactory(is_superuser=True))
    assert admin.get(reverse("tendering:agency_list")).status_code == 200


def test_the_agency_list_names_patent_agencies_not_every_service_body(office):
    registered = registered_agency()
    named = OrganisationFactory(kind=OrgKind.AGENCY, name="广州三环专利商标代理有限公司")
    OrganisationFactory(kind=OrgKind.AGENCY, name="杭州市富阳区行政服务中心")
    PatentFactory(agency="北京京大律业知识产权事务所")
    in_register = OrganisationFactory(kind=OrgKind.AGENCY, name="北京京大律业知识产权事务所")
    page = office.get(reverse("tendering:agencies")).content.decode()
    assert all(org.name in page for org in (registered, named, in_register))
    assert "行政服务中心" not in page

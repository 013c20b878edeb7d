"""The home page: a public page for visitors; for each signed-in role, what waits for them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.demands.models import Demand, DemandStatus, Match, MatchStatus
from patentbridge.home import selectors
from patentbridge.licensing import services as licensing
from patentbridge.licensing.models import LicenceStatus, OpenLicence
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.models import Notice
from patentbridge.notices.services import notice_open, notify
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolState
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.products.models import ProductStatus
from patentbridge.products.tests.factories import enterprise, filer_user, product_factory
from patentbridge.recognition.tests.factories import applied
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory
from patentbridge.rights.models import Pledge

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def _tasks(user) -> dict[str, int]:
    return {task.key: task.count for task in selectors.agenda_for(user, TODAY).tasks}


@pytest.fixture
def uni():
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


def test_a_visitor_sees_the_public_home_page(client):
    response = client.get("/")
    assert response.templates[0].name == "home/public.html"
    assert b'data-testid="home-search"' in response.content


def test_signing_in_lands_on_the_home_page(uni):
    user = member_of(uni)
    response = Client().post("/accounts/login/", {"username": user.username, "password": "Str0ng!Passw0rd#"})
    assert response.headers["Location"] == "/"


def test_signing_in_follows_next(uni):
    user = member_of(uni)
    response = Client().post("/accounts/login/?next=/deals/",
                             {"username": user.username, "password": "Str0ng!Passw0rd#", "next": "/deals/"})
    assert response.headers["Location"] == "/deals/"


def test_the_office_is_asked_to_review_answered_self_assessments(uni):
    PoolEntryFactory(patent=PatentFactory(owner=uni), organisation=uni, state=PoolState.SELF_ASSESSED)
    PoolEntryFactory(patent=PatentFactory(owner=uni), organisation=uni, state=PoolState.ASSESSED)
    assert _tasks(member_of(uni))["review"] == 1


def test_another_office_is_not_asked_to_review_them(uni):
    PoolEntryFactory(patent=PatentFactory(owner=uni), organisation=uni, state=PoolState.SELF_ASSESSED)
    assert "review" not in _tasks(member_of(OrganisationFactory()))


def test_an_inventor_is_asked_for_the_self_assessments_requested_of_them(uni):
    inventor = member_of(uni, Role.INVENTOR)
    PoolEntryFactory(patent=PatentFactory(owner=uni), organisation=uni, inventor=inventor,
                     state=PoolState.SELF_ASSESSMENT_REQUESTED)
    assert _tasks(inventor)["self_assessment"] == 1


def test_an_inventor_sees_the_shares_not_yet_paid(uni):
    inventor = member_of(uni, Role.INVENTOR)
    InventorShareFactory(income=IncomeFactory(organisation=uni), inventor=inventor)
    assert _tasks(inventor)["shares"] == 1


def test_an_enterprise_is_asked_to_answer_patents_sent_to_its_demand():
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    demand = Demand.objects.create(organisation=firm, title="降噪", problem="共振", status=DemandStatus.PUBLISHED)
    Match.objects.create(demand=demand, patent=PatentFactory(), status=MatchStatus.SENT)
    Match.objects.create(demand=demand, patent=PatentFactory(), status=MatchStatus.INTERESTED)
    assert _tasks(member_of(firm, Role.ENTERPRISE_USER))["matches"] == 1


def test_an_enterprise_is_asked_to_pay_for_an_open_licence_it_took(uni):
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    signatory = member_of(firm, Role.SIGNATORY)
    patent = PatentFactory(owner=uni, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    declaration = licensing.declare(actor=member_of(uni), organisation=uni, patent=patent, today=TODAY,
                                    data={"payment_mode": "lump_sum", "lump_sum": Decimal("100"), "term_years": 1})
    licence = licensing.licence_take(actor=signatory, licensee=firm, declaration=declaration, notice="通知", today=TODAY)
    OpenLicence.objects.filter(pk=licence.pk).update(status=LicenceStatus.AWAITING_PAYMENT)  # the payment not settled
    assert _tasks(signatory)["payments"] == 1


def test_a_bank_sees_the_day_a_pledged_debt_falls_due(uni):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    patent = PatentFactory(owner=uni)
    Pledge.objects.create(patent=patent, pledgor=uni, pledgee=bank, pledgee_name=bank.name, amount=Decimal("1"),
                          registration_number="Y1", registered_on=TODAY, ends_on=dt.date(2027, 3, 1))
    agenda = selectors.agenda_for(member_of(bank, Role.BANK_OFFICER), TODAY)
    assert [(d.on, d.overdue) for d in agenda.deadlines] == [(dt.date(2027, 3, 1), False)]


def test_deadlines_come_soonest_first(uni):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    for n, ends in enumerate((dt.date(2027, 5, 1), dt.date(2026, 10, 1), dt.date(2027, 1, 1))):
        Pledge.objects.create(patent=PatentFactory(owner=uni), pledgor=uni, pledgee=bank, pledgee_name=bank.name,
                              amount=Decimal("1"), registration_number=f"Y{n}", registered_on=dt.date(2025, 1, 1),
                              ends_on=ends)
    deadlines = selectors.agenda_for(member_of(bank, Role.BANK_OFFICER), TODAY).deadlines
    assert [d.on for d in deadlines] == [dt.date(2026, 10, 1), dt.date(2027, 1, 1), dt.date(2027, 5, 1)]
    assert deadlines[0].overdue


def test_a_user_with_nothing_to_do_is_told_so(uni):
    client = Client()
    client.force_login(member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["agenda"].tasks == []


def test_the_home_page_shows_the_organisations_figures(uni):
    PatentFactory(owner=uni)
    client = Client()
    client.force_login(member_of(uni))
    [entry] = client.get("/").context["organisations"]
    assert (entry.organisation, entry.figures[0].value) == (uni, 1)


def test_the_home_page_counts_unread_notifications_and_shows_the_latest(uni):
    user = member_of(uni)
    for n in range(2):
        notify(recipients=[user], kind=NoticeKind.FEE_DUE, params={"year": 3, "patent": "ZL1", "due": "2026-12-01"}, link="/pool/fees/", key=f"fee:{n}")
    notice_open(user=user, notice_id=Notice.objects.filter(recipient=user).first().pk)
    notifications = selectors.notifications_for(user)
    assert (notifications.unread, len(notifications.recent)) == (1, 2)


def test_the_regulator_sees_the_platforms_figures():
    PatentFactory()
    figures = selectors.platform_figures(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))
    assert figures[0].value == 1


def test_an_office_sees_its_own_figures_not_the_platforms(uni):
    assert selectors.platform_figures(member_of(uni)) == []


def test_an_organisation_with_no_figures_is_left_out():
    assert selectors.organisation_figures(member_of(OrganisationFactory(kind=OrgKind.FINANCIAL),
                                                    Role.BANK_OFFICER)) == []


# ---- patent products (issue 14): the filer's returned filings, revocation prompts and yearly data; the reviews

def test_a_filer_is_asked_to_change_a_returned_filing():
    firm = enterprise()
    product_factory(filer=firm, status=ProductStatus.RETURNED)
    assert _tasks(filer_user(firm))["products_returned"] == 1


def test_a_filer_is_asked_to_confirm_revoking_a_product_whose_patents_all_lapsed():
    firm = enterprise()
    product_factory(filer=firm, revoke_prompted_on=TODAY)
    assert _tasks(filer_user(firm))["products_revoke"] == 1


def test_a_filer_sees_last_years_data_due_while_the_update_window_is_open():
    firm = enterprise()
    product = product_factory(filer=firm, name="储能电池模组")
    deadlines = selectors.agenda_for(filer_user(firm), dt.date(2027, 2, 1)).deadlines
    assert [(d.on, d.url) for d in deadlines] == [(dt.date(2027, 3, 31), f"/products/{product.pk}/data/")]


def test_no_update_is_asked_once_the_data_are_reported():
    firm = enterprise()
    product_factory(filer=firm, year_data={2026: {}})
    assert selectors.agenda_for(filer_user(firm), dt.date(2027, 2, 1)).deadlines == []


def test_the_regulator_sees_each_review_queue():
    product_factory(status=ProductStatus.SUBMITTED)
    applied()
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    tasks = _tasks(regulator)
    assert (tasks["product_reviews"], tasks["recognitions"]) == (1, 1)


def test_an_enterprise_is_not_given_the_review_queues():
    firm = enterprise()
    product_factory(filer=firm, status=ProductStatus.SUBMITTED)
    assert "product_reviews" not in _tasks(filer_user(firm))

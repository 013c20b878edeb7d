"""Deal, licence and open-licence lists and details issue the same number of queries for 12 rows as for 3 (see
`flat_queries` in conftest.py). The rows are written straight to the tables, as the factories do."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.core.tests.test_query_counts import (
    client_of,
    enterprise,
    institution,
    mark,
    open_licence,
    owned_patent,
)
from patentbridge.deals.models import DealConsent, DealKind, DealStatus, DealTransition
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.licensing.models import Payment, PaymentStatus
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import UserFactory, member_of
from patentbridge.patents.models import PatentApplicant


@pytest.fixture
def owner(db):
    organisation = institution()
    return organisation, client_of(member_of(organisation))


def grow_deals(organisation):
    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            counterparty = enterprise()
            deal = DealFactory(kind=DealKind.ORDINARY_LICENCE, patent=owned_patent(organisation), owner=organisation,
                               counterparty=counterparty, status=DealStatus.AGREED, amount=Decimal("1000"))
            DealConsent.objects.create(deal=deal, round=deal.round, step=DealStatus.AGREED, organisation=organisation,
                                       user=UserFactory())
            markers.append(counterparty.name)
        return markers

    return grow


def test_deal_list_page(flat_queries, owner):
    organisation, client = owner
    flat_queries(lambda: client.get("/deals/"), grow_deals(organisation))


def test_deal_list_api(flat_queries, owner):
    organisation, client = owner
    flat_queries(lambda: client.get("/api/v1/deals"), grow_deals(organisation))


@pytest.fixture
def busy_deal(owner):
    """A transfer of a co-owned patent awaiting its co-owners' agreement, moved back and forth on the way."""
    organisation, client = owner
    patent = owned_patent(organisation)
    deal = DealFactory(kind=DealKind.TRANSFER, patent=patent, owner=organisation, status=DealStatus.NEGOTIATING,
                       amount=Decimal("1000"))
    # The owner has agreed: the page names every co-owner whose agreement is still missing.
    DealConsent.objects.create(deal=deal, round=deal.round, step=DealStatus.AGREED, organisation=organisation)

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            co_owner = institution()
            position = PatentApplicant.objects.filter(patent=patent).count()
            PatentApplicant.objects.create(patent=patent, position=position, name=co_owner.name, organisation=co_owner)
            actor = UserFactory(username=mark("user"))
            DealTransition.objects.create(deal=deal, from_status=DealStatus.DRAFT, to_status=DealStatus.NEGOTIATING,
                                          actor=actor, comment=mark("意见"))
            markers += [co_owner.name, actor.username]
        return markers

    return deal, client, grow


def test_deal_detail_page(flat_queries, busy_deal):
    deal, client, grow = busy_deal
    flat_queries(lambda: client.get(f"/deals/{deal.pk}/"), grow)


def test_deal_detail_api(flat_queries, busy_deal):
    deal, client, grow = busy_deal
    flat_queries(lambda: client.get(f"/api/v1/deals/{deal.pk}"), lambda n: [name for name in grow(n)
                                                                              if not name.startswith("user")])


def grow_licences(organisation):
    return lambda n: [open_licence(organisation).licensee.name for _ in range(n)]


def test_licence_list_page(flat_queries, owner):
    organisation, client = owner
    flat_queries(lambda: client.get("/licensing/licences/"), grow_licences(organisation))


def test_open_licence_declaration_list_api(flat_queries, db):
    flat_queries(lambda: Client().get("/api/v1/open-licences"),
                 lambda n: [open_licence(institution()).declaration.patent.patent_number for _ in range(n)])


def test_open_licence_list_page_of_the_pool(flat_queries, db):
    flat_queries(lambda: Client().get("/pool/open-licences/"),
                 lambda n: [open_licence(institution()).declaration.patent.title for _ in range(n)])


@pytest.fixture
def paid_licence(owner):
    organisation, client = owner
    licence = open_licence(organisation)

    def grow(n: int) -> list[str]:
        return [Payment.objects.create(licence=licence, amount=Decimal("100"), provider="fake", reference=mark("PAY"),
                                       status=PaymentStatus.SUCCEEDED).reference for _ in range(n)]

    return licence, client, grow


def test_licence_detail_page(flat_queries, paid_licence):
    licence, client, grow = paid_licence
    flat_queries(lambda: client.get(f"/licensing/licences/{licence.pk}/"), grow)


def test_an_enterprise_sees_its_licences_without_a_query_per_licence(flat_queries, db):
    company = enterprise()
    client = client_of(member_of(company, Role.SIGNATORY))

    def grow(n: int) -> list[str]:
        licences = [open_licence(institution()) for _ in range(n)]
        for licence in licences:
            licence.licensee = company
            licence.save(update_fields=["licensee"])
        return [licence.declaration.organisation.name for licence in licences]

    flat_queries(lambda: client.get("/licensing/licences/"), grow)

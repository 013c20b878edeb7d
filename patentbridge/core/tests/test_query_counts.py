"""Lists, detail pages, dashboards and their API lists issue the same number of queries for 12 rows as for 3:
none of them asks the database once per row (see `flat_queries` in conftest.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.demands.models import Demand, DemandStatus, Match, MatchStatus
from patentbridge.licensing import services as licensing
from patentbridge.licensing.models import OpenLicence
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import IdentityChange, OrgKind, Region, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of, signer_of
from patentbridge.patents.models import ImportBatch, LegalEvent, Patent, PatentApplicant, PatentRecordSource
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services as pool_services
from patentbridge.pool.models import FundedProject, PoolEntry, PoolState, StandardDeclaration
from patentbridge.push.models import Notification, PatentEvent, Subscription
from patentbridge.recordation import services as recordation_services
from patentbridge.recordation.tests.factories import register
from patentbridge.revenue import services as revenue_services
from patentbridge.revenue.models import JurisdictionFloor
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import Grant, GrantKind

_serial = itertools.count(1)
POLICY = {"licence_share": "70", "equity_share": "70", "profit_share": "5", "profit_years": 3,
          "main_contributor_share": "50", "deductions": []}
CITIES = ("440100", "440300", "440600", "441900")
TODAY = dt.date(2026, 11, 26)


def mark(prefix: str = "QC") -> str:
    """A text only one row shows (no row's text is a prefix of another's)."""
    return f"{prefix}{next(_serial):05d}Z"


def institution(**fields):
    return OrganisationFactory(name=mark("大学"), kind=OrgKind.UNIVERSITY, city_id=CITIES[next(_serial) % 4], **fields)


def enterprise():
    return OrganisationFactory(name=mark("企业"), kind=OrgKind.ENTERPRISE, city_id=CITIES[next(_serial) % 4])


def owned_patent(owner=None, **fields):
    fields.setdefault("application_date", dt.date(2015, 3, 1))
    fields.setdefault("grant_date", dt.date(2017, 6, 1))
    return PatentFactory(title=mark("一种装置"), owner=owner or institution(), **fields)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regulator(db):
    return client_of(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))


# --- patents ------------------------------------------------------------------------------------------------

def grow_patents(n: int) -> list[str]:
    return [owned_patent().title for _ in range(n)]


def test_patent_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/patents/"), grow_patents)


def test_patent_list_api(flat_queries, db):
    flat_queries(lambda: Client().get("/api/v1/patents"), grow_patents)


@pytest.fixture
def busy_patent(db):
    """A patent whose detail grows: co-owners, legal events, change-log entries by different people, enterprises'
    answers to it. Its owner's office sees everything the page can show."""
    owner = institution()
    patent = owned_patent(owner)
    content_type = ContentType.objects.get_for_model(Patent)

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            co_owner = institution()
            position = PatentApplicant.objects.filter(patent=patent).count()
            PatentApplicant.objects.create(patent=patent, position=position, name=co_owner.name, organisation=co_owner)
            event = LegalEvent.objects.create(patent=patent, date=dt.date(2020, 1, 1), description=mark("事件"))
            actor = UserFactory(username=mark("user"))
            LogEntry.objects.create(content_type=content_type, object_pk=str(patent.pk), object_id=patent.pk,
                                    object_repr=patent.title, action=LogEntry.Action.UPDATE, actor=actor,
                                    changes={"title": ["a", "b"]})
            importer = UserFactory(username=mark("importer"))
            batch = ImportBatch.objects.create(file_name=mark("file"), file_sha256="0" * 64, file_format="csv",
                                               layout="cnipa", created_by=importer)
            PatentRecordSource.objects.create(patent=patent, batch=batch, line=1, action="updated")
            company = enterprise()
            demand = Demand.objects.create(organisation=company, title=mark("需求"), problem="降噪",
                                           status=DemandStatus.PUBLISHED)
            Match.objects.create(demand=demand, patent=patent, status=MatchStatus.INTERESTED)
            markers += [co_owner.name, event.description, actor.username, importer.username, company.name,
                        demand.title]
        return markers

    return patent, client_of(member_of(owner)), grow


def on_the_register(markers: list[str]) -> list[str]:
    """What the API's patent detail shows of the rows: its owners and its legal events."""
    return [marker for marker in markers if marker.startswith(("大学", "事件"))]


def test_patent_detail_page(flat_queries, busy_patent):
    patent, client, grow = busy_patent
    flat_queries(lambda: client.get(f"/patents/{patent.lookup_number}/"), grow)


def test_patent_detail_api(flat_queries, busy_patent):
    patent, client, grow = busy_patent
    flat_queries(lambda: client.get(f"/api/v1/patents/{patent.lookup_number}"), lambda n: on_the_register(grow(n)))


# --- pool -----------------------------------------------------------------------------------------------------

def pooled(n: int, state: str = PoolState.POOLED, owner=None) -> list[Patent]:
    patents = [owned_patent(owner) for _ in range(n)]
    pool_services.inventory_add_owned([p.pk for p in patents])
    pool_services.assess_register()
    PoolEntry.objects.filter(patent__in=patents).update(state=state)
    return patents


def test_pool_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/pool/"), lambda n: [p.title for p in pooled(n)])


def test_pool_list_api(flat_queries, db):
    flat_queries(lambda: Client().get("/api/v1/pool"), lambda n: [p.title for p in pooled(n)])


def grow_standards(n: int) -> list[str]:
    markers = []
    for _ in range(n):
        patent = owned_patent()
        for _ in range(2):
            markers.append(StandardDeclaration.objects.create(patent=patent, standard_number=mark("GB/T")).standard_number)
    return markers


def test_standard_essential_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/pool/standards/"), grow_standards)


def test_public_domain_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/pool/public-domain/"),
                 lambda n: [owned_patent(legal_status="expired").title for _ in range(n)])


def grow_institutions_and_unused_projects(n: int) -> list[str]:
    markers = []
    for patent in pooled(n, PoolState.ASSESSED):
        project = FundedProject.objects.create(patent=patent, project_name=mark("项目"), funder="科技厅")
        markers += [project.project_name, patent.applicant_links.get().organisation.name]
    return markers


def test_pool_dashboard(flat_queries, regulator):
    flat_queries(lambda: regulator.get("/pool/dashboard/"), grow_institutions_and_unused_projects)


@pytest.fixture
def office(db):
    organisation = institution()
    return organisation, member_of(organisation)


def grow_inventory(organisation):
    def grow(n: int) -> list[str]:
        patents = pooled(n, PoolState.ASSESSED, owner=organisation)
        for patent in patents:
            inventor = UserFactory(username=mark("inventor"))
            PoolEntry.objects.filter(patent=patent).update(inventor=inventor)
        return [p.title for p in patents]

    return grow


def test_inventory_page(flat_queries, office):
    organisation, user = office
    flat_queries(lambda: client_of(user).get("/pool/inventory/"), grow_inventory(organisation))


def test_inventory_api(flat_queries, office):
    organisation, user = office
    flat_queries(lambda: client_of(user).get("/api/v1/pool/entries"), grow_inventory(organisation))


# --- demands and push -----------------------------------------------------------------------------------------

def grow_demands(n: int) -> list[str]:
    return [Demand.objects.create(organisation=enterprise(), title=mark("需求"), problem="降低振动噪音",
                                  status=DemandStatus.PUBLISHED, industry_id="C", region_id=CITIES[i % 4]).title
            for i in range(n)]


def test_demand_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/demands/"), grow_demands)


def test_demand_list_api(flat_queries, db):
    flat_queries(lambda: Client().get("/api/v1/demands"), grow_demands)


@pytest.fixture
def subscriber(db):
    user = UserFactory()

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            patent = owned_patent()
            subscription = Subscription.objects.create(user=user, kind=Subscription.Kind.SEARCH, name=mark("订阅"),
                                                       query="装置")
            event = PatentEvent.objects.create(patent=patent, kind=PatentEvent.Kind.NEW)
            Notification.objects.create(user=user, subscription=subscription, event=event, patent=patent)
            markers += [patent.title, subscription.name]
        return markers

    return client_of(user), grow


def test_notification_inbox_page(flat_queries, db):
    user = UserFactory()

    def grow(n: int) -> list[str]:
        markers = [mark("一种装置") for _ in range(n)]
        for title in markers:
            notify(recipients=[user], kind=NoticeKind.PATENT_PUSHED, link="/patents/", mail=False,
                   params={"patent": title, "subscription": "订阅"})
        return markers

    flat_queries(lambda: client_of(user).get("/notices/"), grow)


def test_notification_list_api(flat_queries, subscriber):
    client, grow = subscriber
    flat_queries(lambda: client.get("/api/v1/notifications"), grow)


# --- revenue ----------------------------------------------------------------------------------------------------

def test_revenue_ledgers_page(flat_queries, office):
    organisation, user = office
    revenue_services.policy_save(actor=None, organisation=organisation,
                                 jurisdiction=JurisdictionFloor.objects.get(code="national"), data=POLICY)

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            licence = open_licence(organisation)
            markers.append(licence.licensee.name)
            income = IncomeFactory(organisation=organisation, description=mark("收入"))
            InventorShareFactory(income=income, name=mark("发明人"), weight=Decimal("50"), amount=Decimal("1500"))
            InventorShareFactory(income=income, name=mark("发明人"), weight=Decimal("50"), amount=Decimal("1500"))
            elsewhere = IncomeFactory(organisation=institution(), description=mark("他校收入"))
            InventorShareFactory(income=elsewhere, inventor=user)  # the user's own statement
            inventor = member_of(organisation, Role.INVENTOR)
            markers += [income.description, elsewhere.description, elsewhere.organisation.name, inventor.username]
        return markers

    flat_queries(lambda: client_of(user).get("/revenue/"), grow)


# --- the regulator's KPIs -------------------------------------------------------------------------------------

def open_licence(owner, patent=None) -> OpenLicence:
    """An open licence an enterprise took under the owner's declaration, through the services."""
    declaration = licensing.declare(actor=signer_of(owner), organisation=owner, patent=patent or owned_patent(owner),
                                    today=TODAY, data={"payment_mode": "lump_sum", "lump_sum": Decimal("10000"),
                                                       "term_years": 2})
    company = enterprise()
    return licensing.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                  notice=mark("通知"), today=TODAY)


def signed_licence(owner, grantee, amount: Decimal) -> Grant:
    """A licence both parties signed: it binds the patent and waits for its recordation and contract registration."""
    grant = rights_services.grant_bind(patent=owned_patent(owner), kind=GrantKind.ORDINARY_LICENCE, grantor=owner,
                                       grantee=grantee, territory=Region.objects.get(code="CN"), starts_on=TODAY,
                                       ends_on=TODAY + dt.timedelta(days=700), signed_on=TODAY, co_owners_consent=True)
    recordation_services.contract_for_grant(grant, amount=amount)
    return grant


def converted_institution() -> dict[str, object]:
    """An institution with a recorded open licence and a recorded licence (its technology contract registered and
    counted), a recorded licence above the plausibility bound (its contract registered and held) and a registered
    transfer: one row in every figure of the dashboard."""
    owner, buyer = institution(), enterprise()
    licence = open_licence(owner)
    for grant in (signed_licence(owner, buyer, Decimal("100000")),
                  signed_licence(owner, buyer, Decimal("999999999999.99"))):
        recordation = recordation_services.draft_for_grant(grant, effective_on=TODAY)
        recordation_services.recordation_file(actor=signer_of(owner), recordation=recordation, today=TODAY)
        register(grant.tech_contract, on=TODAY)
    DealFactory(kind=DealKind.TRANSFER, patent=owned_patent(owner), owner=owner, counterparty=buyer,
                status=DealStatus.RECORDED, registered_on=dt.date(2025, 6, 1), amount=Decimal("500000"))
    return {"owner": owner, "buyer": buyer, "licence": licence}


def grow_kpi(n: int) -> list[str]:
    return [converted_institution()["owner"].name for _ in range(n)]


def test_kpi_dashboard(flat_queries, regulator):
    flat_queries(lambda: regulator.get("/kpi/"), grow_kpi)


def test_kpi_summary_api(flat_queries, regulator):
    flat_queries(lambda: regulator.get("/api/v1/kpi/summary"), grow_kpi)


def test_kpi_held_contracts_api(flat_queries, regulator):
    flat_queries(lambda: regulator.get("/api/v1/kpi/held-contracts"),
                 lambda n: [converted_institution()["buyer"].name for _ in range(n)])


@pytest.mark.parametrize("figure", ["turnover", "held", "recordations", "conversion", "declarations", "licences"])
def test_kpi_drill_down_list(flat_queries, regulator, figure):
    def grow(n: int) -> list[str]:
        rows = [converted_institution() for _ in range(n)]
        return [row["licence"].licensee.name if figure == "licences" else row["owner"].name for row in rows]

    flat_queries(lambda: regulator.get(f"/kpi/records/{figure}/"), grow)


def test_kpi_institution_drill_down(flat_queries, regulator, db):
    owner = institution()

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            buyer = enterprise()
            DealFactory(kind=DealKind.TRANSFER, patent=owned_patent(owner), owner=owner, counterparty=buyer,
                        status=DealStatus.RECORDED, registered_on=dt.date(2025, 6, 1))
            markers.append(buyer.name)
        return markers

    flat_queries(lambda: regulator.get(f"/kpi/records/institution/?organisation={owner.pk}"), grow)


# --- organisations ----------------------------------------------------------------------------------------------

def grow_organisations(n: int) -> list[str]:
    markers = []
    for _ in range(n):
        organisation = owned_patent().applicant_links.get().organisation
        IdentityChange.objects.create(organisation=organisation, changes={"name_en": mark("New")})
        markers.append(organisation.name)
    return markers


def test_organisation_list_page(flat_queries, db):
    flat_queries(lambda: Client().get("/orgs/"), grow_organisations)


def test_organisation_list_api(flat_queries, db):
    flat_queries(lambda: Client().get("/api/v1/organisations"), grow_organisations)


def test_organisation_detail_page(flat_queries, db):
    """Its patents, its members (seen by its own administrator) and its change log, each row by someone else."""
    organisation = institution()
    client = client_of(member_of(organisation, Role.ORG_ADMIN))
    content_type = ContentType.objects.get_for_model(type(organisation))

    def grow(n: int) -> list[str]:
        markers = []
        for _ in range(n):
            patent = owned_patent(organisation)
            member = member_of(organisation, Role.INVENTOR)
            editor = UserFactory(username=mark("editor"))
            LogEntry.objects.create(content_type=content_type, object_pk=str(organisation.pk),
                                    object_id=organisation.pk, object_repr=organisation.name,
                                    action=LogEntry.Action.UPDATE, actor=editor, changes={"address": ["a", "b"]})
            markers += [patent.title, member.username, editor.username]
        return markers

    flat_queries(lambda: client.get(f"/orgs/{organisation.pk}/"), grow)

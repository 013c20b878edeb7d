import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.deals import services
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.licensing.models import OpenLicenceDeclaration
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.models import LegalEvent
from patentbridge.patents.tests.factories import PatentFactory

TODAY = dt.date(2026, 11, 26)
STATES = list(DealStatus.values)
PERIOD = {"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2029, 12, 31), "amount": Decimal("300000")}


@pytest.fixture
def parties(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="某某智能装备有限公司")
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=university, role=Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    return manager, university, company, patent


def _deal(parties, kind=DealKind.EXCLUSIVE_LICENCE, status=DealStatus.AGREED, **data):
    manager, university, company, patent = parties
    deal = services.deal_create(actor=manager, patent=patent, kind=kind, owner=university, counterparty=company,
                                data={**PERIOD, **data})
    Deal.objects.filter(pk=deal.pk).update(status=status)
    deal.refresh_from_db()
    return deal


@pytest.mark.parametrize("frm,to", [(a, b) for a in STATES for b in STATES if a != b])
def test_every_step_is_allowed_or_refused_by_the_table(frm, to, parties):
    deal = _deal(parties, kind=DealKind.ORDINARY_LICENCE, status=frm)
    if to in services.TRANSITIONS[frm]:
        assert services.deal_transition(actor=parties[0], deal=deal, to=to, today=TODAY).status == to
    else:
        with pytest.raises(Conflict):
            services.deal_transition(actor=parties[0], deal=deal, to=to, today=TODAY)


def test_a_stranger_cannot_move_a_deal(parties, make_member):
    stranger, _ = make_member(Role.TECH_TRANSFER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=stranger, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)


def test_pl51_no_exclusive_licence_over_a_standing_open_licence(parties):
    manager, university, _, patent = parties
    OpenLicenceDeclaration.objects.create(patent=patent, organisation=university, declared_on=TODAY, term_years=3)
    with pytest.raises(Conflict) as error:
        services.deal_transition(actor=manager, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    assert "open_licence_standing" in {c["rule"] for c in error.value.details["conflicts"]}


def test_an_ordinary_licence_may_sit_beside_an_open_licence(parties):
    manager, university, _, patent = parties
    OpenLicenceDeclaration.objects.create(patent=patent, organisation=university, declared_on=TODAY, term_years=3)
    deal = _deal(parties, kind=DealKind.ORDINARY_LICENCE)
    assert services.deal_transition(actor=manager, deal=deal, to=DealStatus.SIGNED, today=TODAY).status == "signed"


def test_no_second_exclusive_licence_for_the_same_territory_and_period(parties):
    manager = parties[0]
    services.deal_transition(actor=manager, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    overlapping = _deal(parties, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2030, 1, 1))
    with pytest.raises(Conflict):
        services.deal_transition(actor=manager, deal=overlapping, to=DealStatus.SIGNED, today=TODAY)
    elsewhere = _deal(parties, territory="香港")
    assert services.deal_transition(actor=manager, deal=elsewhere, to=DealStatus.SIGNED, today=TODAY).status == "signed"


def test_civil_code_865_no_licence_beyond_the_patent_term(parties):
    deal = _deal(parties, ends_on=dt.date(2040, 1, 1))
    with pytest.raises(Conflict) as error:
        services.deal_transition(actor=parties[0], deal=deal, to=DealStatus.SIGNED, today=TODAY)
    assert "term_beyond_patent" in {c["rule"] for c in error.value.details["conflicts"]}


def test_a_pledged_patent_needs_the_pledgees_consent(parties):
    LegalEvent.objects.create(patent=parties[3], date=dt.date(2025, 1, 1), description="专利权质押合同登记的生效")
    with pytest.raises(Conflict):
        services.deal_transition(actor=parties[0], deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    consented = _deal(parties, pledgee_consent=True, territory="澳门")
    assert services.deal_transition(actor=parties[0], deal=consented, to=DealStatus.SIGNED, today=TODAY)


def test_pl10_a_transfer_takes_effect_only_when_registered(parties):
    manager, university, company, patent = parties
    deal = _deal(parties, kind=DealKind.TRANSFER, status=DealStatus.AGREED)
    services.deal_transition(actor=manager, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    assert patent.owner_org_ids() == [university.pk]
    services.deal_transition(actor=manager, deal=deal, to=DealStatus.RECORDED, today=TODAY)
    patent.refresh_from_db()
    assert patent.owner_org_ids() == [company.pk]
    assert company.name in patent.applicant_names


@pytest.mark.django_db(transaction=True)
def test_two_exclusive_grants_at_the_same_moment_exactly_one_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=university, role=Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    deals = [Deal.objects.create(kind=DealKind.EXCLUSIVE_LICENCE, patent=patent, owner=university,
                                 counterparty=OrganisationFactory(kind=OrgKind.ENTERPRISE), status=DealStatus.AGREED,
                                 **PERIOD) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sign(deal):
        try:
            barrier.wait()
            services.deal_transition(actor=manager, deal=deal, to=DealStatus.SIGNED, today=TODAY)
            outcomes.append("signed")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in deals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "signed"]
    assert Deal.objects.filter(status=DealStatus.SIGNED).count() == 1


def test_postgresql_itself_refuses_overlapping_exclusive_licences(parties):
    if connection.vendor != "postgresql":
        pytest.skip("an exclusion constraint is PostgreSQL's")
    from django.db import IntegrityError, transaction

    manager, university, company, patent = parties
    Deal.objects.create(kind=DealKind.EXCLUSIVE_LICENCE, patent=patent, owner=university, counterparty=company,
                        status=DealStatus.SIGNED, **PERIOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.create(kind=DealKind.SOLE_LICENCE, patent=patent, owner=university,
                            counterparty=OrganisationFactory(kind=OrgKind.ENTERPRISE), status=DealStatus.PERFORMING,
                            starts_on=dt.date(2029, 1, 1), ends_on=dt.date(2030, 1, 1))

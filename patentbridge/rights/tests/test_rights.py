import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.orgs.models import OrgKind, Region, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalEvent, LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights import selectors, services
from patentbridge.rights.models import FeeStatus, GrantKind, GrantStatus, SuspensionGround
from patentbridge.rights.rules import clash
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 30)
K = GrantKind
ORDINARY, OPEN, SOLE, EXCLUSIVE, DECLARATION = (K.ORDINARY_LICENCE, K.OPEN_LICENCE, K.SOLE_LICENCE,
                                                K.EXCLUSIVE_LICENCE, K.OPEN_DECLARATION)


@pytest.fixture
def patent(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    return PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))


def _bind(patent, kind, region="CN", starts=dt.date(2027, 1, 1), ends=dt.date(2029, 12, 31)):
    territory = Region.objects.get(code=region)
    grantee = None if kind == DECLARATION else OrganisationFactory(kind=OrgKind.ENTERPRISE)
    return services.grant_bind(patent=patent, kind=kind, grantor=patent.applicant_links.first().organisation,
                               grantee=grantee, territory=territory, starts_on=starts,
                               ends_on=None if kind == DECLARATION else ends, signed_on=TODAY)


# ------------------------------------------------------------------ the one overlap rule

@pytest.mark.parametrize(("new", "binding", "rule"), [
    (ORDINARY, EXCLUSIVE, "under_exclusive_licence"), (ORDINARY, SOLE, "under_exclusive_licence"),
    (OPEN, EXCLUSIVE, "under_exclusive_licence"),
    (EXCLUSIVE, ORDINARY, "ordinary_licence_binds"), (SOLE, OPEN, "ordinary_licence_binds"),
    (EXCLUSIVE, SOLE, "exclusive_overlap"), (SOLE, EXCLUSIVE, "exclusive_overlap"),
    (EXCLUSIVE, DECLARATION, "open_licence_standing"), (DECLARATION, SOLE, "exclusive_licence"),
    (DECLARATION, DECLARATION, "declaration_standing"),
    (K.TRANSFER, K.EQUITY, "transfer_pending"), (K.APPLICATION_RIGHT_TRANSFER, K.TRANSFER, "transfer_pending"),
])
def test_spc25_pl51_ir86_the_overlap_rule_names_each_clash(new, binding, rule):
    assert clash(new, binding).rule == rule


@pytest.mark.parametrize(("new", "binding"), [
    (ORDINARY, ORDINARY), (ORDINARY, OPEN), (OPEN, ORDINARY), (OPEN, DECLARATION), (DECLARATION, OPEN),
    (DECLARATION, ORDINARY), (ORDINARY, DECLARATION), (K.TRANSFER, EXCLUSIVE), (EXCLUSIVE, K.TRANSFER),
])
def test_the_overlap_rule_lets_these_stand_together(new, binding):
    assert clash(new, binding) is None


def test_spc25_an_ordinary_licence_may_not_be_granted_under_an_exclusive_one_of_a_wider_territory(patent):
    _bind(patent, EXCLUSIVE, region="440000")
    with pytest.raises(Conflict) as error:
        _bind(patent, ORDINARY, region="440300")
    assert error.value.details["conflicts"][0]["rule"] == "under_exclusive_licence"


def test_spc25_licences_of_separate_territories_or_periods_do_not_clash(patent):
    _bind(patent, EXCLUSIVE, region="440300")
    _bind(patent, EXCLUSIVE, region="440100")
    _bind(patent, ORDINARY, region="440300", starts=dt.date(2030, 1, 1), ends=dt.date(2030, 12, 31))


def test_ir86_1_a_declaration_is_refused_over_an_exclusive_licence_that_starts_later(patent):
    _bind(patent, SOLE, starts=dt.date(2028, 1, 1))
    with pytest.raises(Conflict) as error:
        _bind(patent, DECLARATION, starts=TODAY)
    assert error.value.details["conflicts"][0]["rule"] == "exclusive_licence"


def test_pl51_3_no_exclusive_licence_while_a_declaration_stands_but_after_it_is_withdrawn(patent):
    declaration = _bind(patent, DECLARATION, starts=dt.date(2026, 1, 1))
    with pytest.raises(Conflict):
        _bind(patent, EXCLUSIVE)
    services.grant_end(declaration, TODAY)
    assert declaration.ends_on == TODAY
    assert _bind(patent, EXCLUSIVE).status == GrantStatus.BINDING


def test_spc25_pl50_2_a_licence_taken_under_an_open_licence_still_binds_after_withdrawal(patent):
    declaration = _bind(patent, DECLARATION, starts=dt.date(2026, 1, 1))
    _bind(patent, OPEN, starts=dt.date(2026, 2, 1), ends=dt.date(2028, 1, 31))
    services.grant_end(declaration, TODAY)
    with pytest.raises(Conflict) as error:
        _bind(patent, EXCLUSIVE)
    assert error.value.details["conflicts"][0]["rule"] == "ordinary_licence_binds"


def test_pl10_a_patent_cannot_be_transferred_twice_while_the_first_awaits_registration(patent):
    first = _bind(patent, K.TRANSFER, starts=TODAY, ends=None)
    with pytest.raises(Conflict):
        _bind(patent, K.EQUITY, starts=TODAY, ends=None)
    services.grant_recorded_on(actor=None, grant=first, on=TODAY)
    patent.refresh_from_db()
    assert patent.owner_org_ids() == [first.grantee_id]


def test_an_ended_grant_binds_nothing(patent):
    services.grant_end(_bind(patent, EXCLUSIVE), TODAY)
    assert _bind(patent, ORDINARY).status == GrantStatus.BINDING


def test_the_one_database_rule_refuses_two_pending_transfers_everywhere(patent):
    GrantFactory(kind=K.TRANSFER, patent=patent, ends_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantFactory(kind=K.EQUITY, patent=patent, ends_on=None)


def test_the_database_keeps_one_standing_declaration_per_patent(patent):
    GrantFactory(kind=DECLARATION, patent=patent)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantFactory(kind=DECLARATION, patent=patent)


def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("an exclusion constraint is PostgreSQL's")


def test_spc25_postgresql_itself_refuses_overlapping_exclusive_licences_across_the_hierarchy(patent):
    _postgresql()
    GrantFactory(kind=EXCLUSIVE, patent=patent, region="440000")
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantFactory(kind=SOLE, patent=patent, region="440300", starts_on=dt.date(2029, 1, 1),
                     ends_on=dt.date(2030, 1, 1))


@pytest.mark.parametrize("kind", [ORDINARY, OPEN, DECLARATION])
def test_spc25_postgresql_itself_refuses_a_non_exclusive_grant_beside_an_exclusive_one(patent, kind):
    _postgresql()
    GrantFactory(kind=EXCLUSIVE, patent=patent, region="440000")
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantFactory(kind=kind, patent=patent, region="440300" if kind == ORDINARY else "CN")


def test_postgresql_lets_ordinary_and_open_licences_overlap_each_other(patent):
    _postgresql()
    for kind in (ORDINARY, OPEN, ORDINARY, DECLARATION):
        GrantFactory(kind=kind, patent=patent)


def test_postgresql_forgets_an_ended_grant(patent):
    _postgresql()
    GrantFactory(kind=EXCLUSIVE, patent=patent, status=GrantStatus.ENDED, ended_on=TODAY)
    GrantFactory(kind=ORDINARY, patent=patent)


# ------------------------------------------------------------------ pledges

def _pledge(patent, actor, **extra):
    bank = extra.pop("bank", None)
    data = {"pledgee_name": "某某银行广州分行", "amount": "5000000", "registration_number": "Y2026440000123",
            "registered_on": "2026-03-01", **extra}
    if bank is not None:
        data["pledgee_id"] = bank.pk
    return services.pledge_register(actor=actor, patent=patent, data=data)


def test_a_registered_pledge_binds_until_its_release(patent):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    pledge = _pledge(patent, signer_of(patent.applicant_links.first().organisation), bank=bank)
    assert selectors.is_pledged(patent, TODAY)
    services.pledge_release(actor=member_of(bank, Role.BANK_OFFICER), pledge=pledge, on=TODAY)
    assert not selectors.is_pledged(patent, TODAY)
    assert selectors.is_pledged(patent, TODAY - dt.timedelta(days=1))


def test_the_pledgor_cannot_release_the_pledge_alone(patent):
    owner = signer_of(patent.applicant_links.first().organisation)
    pledge = _pledge(patent, owner, bank=OrganisationFactory(kind=OrgKind.FINANCIAL))
    with pytest.raises(PermissionDenied):
        services.pledge_release(actor=owner, pledge=pledge, on=TODAY)


def test_an_outsider_cannot_record_a_pledge_of_another_organisations_patent(patent):
    with pytest.raises(PermissionDenied):
        _pledge(patent, signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE)))


def test_a_pledge_needs_a_positive_amount_and_its_registration_number(patent):
    with pytest.raises(ValidationFailed) as error:
        _pledge(patent, signer_of(patent.applicant_links.first().organisation), amount="-1",
                registration_number="")
    assert set(error.value.details) == {"amount", "registration_number"}


def test_a_pledge_shown_only_by_the_legal_events_counts_until_their_release(patent):
    LegalEvent.objects.create(patent=patent, date=dt.date(2025, 3, 1), description="专利权质押合同登记的生效")
    assert selectors.is_pledged(patent, TODAY)
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 3, 1), description="专利权质押合同登记的注销")
    assert not selectors.is_pledged(patent, TODAY)


# ------------------------------------------------------------------ suspensions

def test_ir103_a_registered_suspension_binds_until_lifted(patent, admin_user):
    suspension = services.suspension_register(actor=admin_user, patent=patent, data={
        "ground": SuspensionGround.OWNERSHIP_DISPUTE, "reference": "（2026）粤73民初123号", "started_on": "2026-05-01"})
    assert selectors.is_suspended(patent, TODAY)
    services.suspension_lift(actor=admin_user, suspension=suspension, on=TODAY)
    assert not selectors.is_suspended(patent, TODAY)


def test_only_the_platform_records_a_suspension(patent):
    with pytest.raises(PermissionDenied):
        services.suspension_register(actor=signer_of(patent.applicant_links.first().organisation), patent=patent,
                                     data={"ground": SuspensionGround.PRESERVATION, "reference": "x",
                                           "started_on": "2026-05-01"})


def test_ir103_a_later_resumption_event_lifts_the_suspension(patent):
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 3, 1), description="专利权有关程序中止")
    assert selectors.is_suspended(patent, TODAY)
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 9, 1), description="中止程序结束，恢复有关程序")
    assert not selectors.is_suspended(patent, TODAY)


# ------------------------------------------------------------------ annual fees

def _fee_status(patent, due, late):
    return services.fee_status_set(patent=patent, next_year=8, next_due_on=due, late_until=late)


@pytest.mark.parametrize(("today", "state"), [
    (dt.date(2025, 11, 1), selectors.FeeState.PAID), (dt.date(2026, 1, 1), selectors.FeeState.DUE),
    (dt.date(2026, 1, 15), selectors.FeeState.DUE), (dt.date(2026, 1, 16), selectors.FeeState.LATE),
    (dt.date(2026, 7, 15), selectors.FeeState.LATE), (dt.date(2026, 7, 16), selectors.FeeState.LAPSED),
])
def test_ir86_3_the_annual_fee_state_follows_the_due_date_and_late_window(patent, today, state):
    _fee_status(patent, dt.date(2026, 1, 15), dt.date(2026, 7, 15))
    assert selectors.fee_state(patent, today) == state


def test_untracked_fees_are_judged_by_the_legal_status(patent):
    assert selectors.fee_state(patent, TODAY) == selectors.FeeState.UNTRACKED
    patent.legal_status = LegalStatus.LAPSED_FEES
    assert selectors.annual_fee_unpaid(patent, TODAY)


def test_clearing_the_fee_status_stops_tracking(patent):
    _fee_status(patent, dt.date(2026, 1, 15), dt.date(2026, 7, 15))
    services.fee_status_clear(patent)
    assert not FeeStatus.objects.exists()


def test_the_patents_rights_in_one_read(patent):
    LegalEvent.objects.create(patent=patent, date=dt.date(2025, 3, 1), description="专利权质押合同登记的生效")
    grant = _bind(patent, EXCLUSIVE, starts=dt.date(2026, 1, 1))
    rights = selectors.rights_of(patent, TODAY, signer_of(grant.grantee))
    assert [g.kind for g in rights.grants] == [EXCLUSIVE]
    assert rights.pledged and not rights.suspended and rights.fee_state == selectors.FeeState.UNTRACKED
    assert Decimal(0) == sum(p.amount for p in rights.pledges)


def test_a_pledge_registered_before_the_patent_law_is_refused(patent):
    with pytest.raises(ValidationFailed) as error:
        _pledge(patent, signer_of(patent.applicant_links.first().organisation), registered_on="1984-01-01")
    assert "registered_on" in error.value.details


def test_a_pledge_falling_due_in_9999_is_refused(patent):
    with pytest.raises(ValidationFailed) as error:
        _pledge(patent, signer_of(patent.applicant_links.first().organisation), ends_on="9999-12-31")
    assert "ends_on" in error.value.details


def test_an_over_long_pledgee_name_is_refused_not_cut(patent):
    with pytest.raises(ValidationFailed) as error:
        _pledge(patent, signer_of(patent.applicant_links.first().organisation), pledgee_name="银" * 201)
    assert "pledgee_name" in error.value.details

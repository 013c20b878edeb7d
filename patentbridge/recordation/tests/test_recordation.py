import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalEvent, LegalStatus, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import LicenceType, Recordation, RecordationStatus
from patentbridge.recordation.services import recordation_file, refusal_grounds
from patentbridge.rights.models import Grant, GrantKind, GrantStatus
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def licence(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, address="广州市天河区五山路381号")
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    declaration = licensing.declare(actor=signer_of(university), organisation=university, patent=patent,
                                    today=TODAY, data={"payment_mode": "lump_sum", "lump_sum": Decimal("80000"),
                                                       "term_years": 2})
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, address="深圳市南山区科技园科苑路15号")
    return licensing.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                  notice="通知", today=TODAY)


def _file(licence, recordation=None, today=TODAY):
    return recordation_file(actor=signer_of(licence.licensee), recordation=recordation or licence.recordation,
                            today=today)


def _grounds(recordation):
    return {g["rule"] for g in refusal_grounds(recordation, TODAY)}


def test_a_clean_open_licence_is_recorded(licence):
    recordation = _file(licence)
    assert recordation.status == RecordationStatus.RECORDED


def test_either_party_files_but_no_one_else(licence, make_member):
    from patentbridge.core.errors import PermissionDenied
    from patentbridge.orgs.models import Role

    outsider, _ = make_member(Role.SIGNATORY, OrgKind.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        recordation_file(actor=outsider, recordation=licence.recordation, today=TODAY)
    inventor = member_of(licence.declaration.organisation, Role.INVENTOR)
    with pytest.raises(PermissionDenied):
        recordation_file(actor=inventor, recordation=licence.recordation, today=TODAY)


def test_art12_1_a_terminated_patent_is_refused_and_the_refusal_kept(licence):
    Patent.objects.filter(pk=licence.declaration.patent_id).update(legal_status=LegalStatus.INVALIDATED)
    recordation = Recordation.objects.get(pk=licence.recordation.pk)
    _file(licence, recordation)
    recordation.refresh_from_db()
    assert recordation.status == RecordationStatus.REFUSED
    assert recordation.refusals[0]["ground"].startswith("第十二条第（1）项")


def test_art12_2_the_licensor_must_be_the_patentee(licence):
    recordation = licence.recordation
    recordation.licensor = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    assert "not_patentee" in _grounds(recordation)


def test_art12_3_missing_contract_contents(licence):
    recordation = licence.recordation
    recordation.licence_type = ""
    assert "contents_missing" in _grounds(recordation)


def test_art12_4_a_term_beyond_the_patent(licence):
    recordation = licence.recordation
    recordation.ends_on = dt.date(2045, 1, 1)
    assert "term_beyond_patent" in _grounds(recordation)


def _co_owned_filing(licence, kind):
    """A licence of a co-owned patent signed without the other co-owner's confirmation on file."""
    patent = licence.declaration.patent
    Patent.objects.filter(pk=patent.pk).update(applicant_names=patent.applicant_names + ["另一共有人"])
    patent.refresh_from_db()
    grant = GrantFactory.build(kind=kind, patent=patent, grantor=licence.declaration.organisation,
                               grantee=licence.licensee, co_owners_consent=False)
    return Recordation(patent=patent, licensor=grant.grantor, licensee=grant.grantee, grant=grant,
                       licence_type=LicenceType.EXCLUSIVE, starts_on=TODAY, ends_on=dt.date(2027, 1, 1),
                       contract_effective_on=TODAY, deadline=dt.date(2027, 2, 26))


def test_art12_5_co_owners_consent_for_a_negotiated_licence(licence):
    assert "co_owner" in _grounds(_co_owned_filing(licence, GrantKind.EXCLUSIVE_LICENCE))


def test_art12_5_pl14_one_co_owner_may_record_an_ordinary_licence_alone(licence):
    assert "co_owner" not in _grounds(_co_owned_filing(licence, GrantKind.ORDINARY_LICENCE))


def test_art12_7_suspended_procedures(licence):
    LegalEvent.objects.create(patent=licence.declaration.patent, date=TODAY, description="专利权保全程序中止")
    assert "suspended" in _grounds(licence.recordation)


def test_art12_7_a_later_resumption_lifts_the_suspension(licence):
    patent = licence.declaration.patent
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 3, 1), description="专利权有关程序中止")
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 9, 1), description="中止程序结束，恢复有关程序")
    assert "suspended" not in _grounds(licence.recordation)


def test_art12_8_a_duplicate_filing(licence):
    _file(licence)
    copy = Recordation.objects.get(pk=licence.recordation.pk)
    copy.pk = None
    copy.status = RecordationStatus.DRAFT
    assert "duplicate" in _grounds(copy)


def test_art12_9_pledged_without_consent(licence):
    LegalEvent.objects.create(patent=licence.declaration.patent, date=TODAY, description="专利权质押合同登记的生效")
    assert "pledged" in _grounds(licence.recordation)


def test_art12_10_conflict_with_a_recorded_exclusive_licence(licence):
    _recorded(licence.recordation, GrantKind.EXCLUSIVE_LICENCE)
    assert "conflicting_licence" in _grounds(licence.recordation)


def test_art12_6_the_annual_fee_late_period(licence):
    from patentbridge.pool.fee_status import fee_status_refresh
    from patentbridge.pool.models import FeePayment

    FeePayment.objects.create(patent=licence.declaration.patent, year=7, amount=Decimal("1200"),
                              paid_on=dt.date(2025, 1, 10))
    fee_status_refresh(licence.declaration.patent)
    grounds = {g["rule"] for g in refusal_grounds(licence.recordation, dt.date(2026, 3, 1))}
    assert "fee_late_period" in grounds


def test_both_parties_are_reminded_of_the_deadline_once(licence):
    from django.core import mail

    from patentbridge.orgs.models import Role
    from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
    from patentbridge.recordation.reminders import recordation_reminders_send

    for org, role in ((licence.declaration.organisation, Role.TECH_TRANSFER_MANAGER),
                      (licence.licensee, Role.SIGNATORY)):
        MembershipFactory(user=UserFactory(email=f"{role}@example.cn"), organisation=org, role=role)
    assert recordation_reminders_send(dt.date(2027, 2, 1)) == 2  # deadline 2027-02-26: within 30 days
    assert recordation_reminders_send(dt.date(2027, 2, 2)) == 0
    assert "2027-02-26" in mail.outbox[0].body


def _recorded(recordation, kind, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2028, 1, 1)):
    """A licence of another licensee, already recorded on the same patent. The licence being filed (and its
    declaration) are set aside first: the database itself (on PostgreSQL) would not let them bind together."""
    Grant.objects.filter(patent=recordation.patent).update(status=GrantStatus.ENDED, ended_on=TODAY)
    return GrantFactory(kind=kind, patent=recordation.patent, grantor=recordation.licensor, starts_on=starts_on,
                        ends_on=ends_on, recorded_on=starts_on)


def _filing(licence, kind):
    recordation = licence.recordation
    recordation.grant.kind = kind
    return recordation


ORDINARY, OPEN, SOLE, EXCLUSIVE = (GrantKind.ORDINARY_LICENCE, GrantKind.OPEN_LICENCE, GrantKind.SOLE_LICENCE,
                                   GrantKind.EXCLUSIVE_LICENCE)


@pytest.mark.parametrize(("filed", "recorded"), [(ORDINARY, SOLE), (ORDINARY, EXCLUSIVE), (OPEN, SOLE),
                                                  (OPEN, EXCLUSIVE)])
def test_art12_10_pl51_an_ordinary_or_open_licence_conflicts_with_a_recorded_sole_or_exclusive_one(
        licence, filed, recorded):
    _recorded(licence.recordation, recorded)
    assert "conflicting_licence" in _grounds(_filing(licence, filed))


@pytest.mark.parametrize("filed", [SOLE, EXCLUSIVE])
@pytest.mark.parametrize("recorded", [ORDINARY, OPEN, SOLE, EXCLUSIVE])
def test_art12_10_pl51_a_sole_or_exclusive_licence_conflicts_with_any_recorded_licence(licence, filed, recorded):
    _recorded(licence.recordation, recorded)
    assert "conflicting_licence" in _grounds(_filing(licence, filed))


@pytest.mark.parametrize("filed", [ORDINARY, OPEN])
@pytest.mark.parametrize("recorded", [ORDINARY, OPEN])
def test_art12_10_ordinary_and_open_licences_stand_side_by_side(licence, filed, recorded):
    _recorded(licence.recordation, recorded)
    assert "conflicting_licence" not in _grounds(_filing(licence, filed))


def test_art12_10_a_recorded_exclusive_licence_of_another_period_does_not_conflict(licence):
    _recorded(licence.recordation, EXCLUSIVE, dt.date(2020, 1, 1), dt.date(2022, 1, 1))
    assert "conflicting_licence" not in _grounds(_filing(licence, SOLE))


def test_ir15_a_filing_after_the_three_months_is_recorded_and_marked_late(licence):
    recordation = _file(licence, today=licence.recordation.deadline + dt.timedelta(days=10))
    assert (recordation.status, recordation.days_late) == (RecordationStatus.RECORDED, 10)


def test_ir15_a_filing_on_the_deadline_is_not_late(licence):
    assert _file(licence, today=licence.recordation.deadline).days_late == 0


def test_ir15_the_licence_page_says_the_filing_was_late(licence, client):
    _file(licence, today=licence.recordation.deadline + dt.timedelta(days=3))
    client.force_login(signer_of(licence.licensee))
    page = client.get(f"/licensing/licences/{licence.pk}/").content.decode()
    assert 'data-testid="recordation-late"' in page


def _missing_items(recordation):
    return next((g["items"] for g in refusal_grounds(recordation, TODAY) if g["rule"] == "contents_missing"), [])


@pytest.mark.parametrize(("item", "blank"), [
    ("licensor_name", lambda r: setattr(r.licensor, "name", "")),
    ("licensor_address", lambda r: setattr(r.licensor, "address", "")),
    ("licensee_name", lambda r: setattr(r.licensee, "name", "")),
    ("licensee_address", lambda r: setattr(r.licensee, "address", "")),
    ("application_date", lambda r: setattr(r.patent, "application_date", None)),
    ("grant_date", lambda r: setattr(r.patent, "grant_date", None)),
    ("licence_type", lambda r: setattr(r, "licence_type", "")),
    ("starts_on", lambda r: setattr(r, "starts_on", None)),
    ("ends_on", lambda r: setattr(r, "ends_on", None)),
])
def test_art12_3_art9_each_missing_contract_item_is_named(licence, item, blank):
    recordation = licence.recordation
    blank(recordation)
    assert _missing_items(recordation) == [item]


def test_art12_3_art9_the_message_names_the_missing_items(licence):
    recordation = licence.recordation
    recordation.licensee.address, recordation.patent.grant_date = "", None
    with translation.override("en"):
        message = next(g["message"] for g in refusal_grounds(recordation, TODAY) if g["rule"] == "contents_missing")
    assert "licensee's address" in message and "grant-announcement date" in message


def test_art12_3_art9_an_open_licence_covers_china_so_its_territory_is_stated(licence):
    assert "territory" not in _missing_items(licence.recordation)


def test_art12_3_art9_a_licence_of_a_pending_application_is_refused_for_want_of_a_grant_date(licence):
    recordation = licence.recordation
    recordation.patent.legal_status, recordation.patent.grant_date = LegalStatus.PENDING, None
    assert _missing_items(recordation) == ["grant_date"]

import datetime as dt
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals import services
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.orgs.models import OrgKind, Region, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.models import LegalEvent, PatentApplicant
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.services import recordation_file
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 26)
STATES = list(DealStatus.values)
PERIOD = {"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2029, 12, 31), "amount": Decimal("300000")}


def member(organisation, role):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def parties(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="某某智能装备有限公司")
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    return SimpleNamespace(university=university, company=company, patent=patent,
                           manager=member(university, Role.TECH_TRANSFER_MANAGER),
                           signer=member(company, Role.SIGNATORY))


def _deal(p, kind=DealKind.EXCLUSIVE_LICENCE, status=DealStatus.AGREED, **data):
    deal = services.deal_create(actor=p.manager, patent=p.patent, kind=kind, owner=p.university,
                                counterparty=p.company, data={**PERIOD, **data})
    Deal.objects.filter(pk=deal.pk).update(status=status)
    deal.refresh_from_db()
    return deal


def _both(p, deal, to):
    """The licensor's office acts, then the licensee's signatory when the step needs both."""
    deal = services.deal_transition(actor=p.manager, deal=deal, to=to, today=TODAY)
    return deal if deal.status == to else services.deal_transition(actor=p.signer, deal=deal, to=to, today=TODAY)


def _sign(p, deal):
    return _both(p, deal, DealStatus.SIGNED)


@pytest.mark.parametrize("frm,to", [(a, b) for a in STATES for b in STATES if a != b])
def test_every_step_is_allowed_or_refused_by_the_table(frm, to, parties):
    deal = _deal(parties, kind=DealKind.ORDINARY_LICENCE, status=frm)
    consent = services.STEPS.get((frm, to))
    if consent is None or consent == services.Consent.RECORDATION:
        with pytest.raises(Conflict):
            services.deal_transition(actor=parties.manager, deal=deal, to=to, today=TODAY)
    else:
        assert _both(parties, deal, to).status == to


def test_a_deal_cannot_be_signed_by_one_party_alone(parties):
    deal = services.deal_transition(actor=parties.manager, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    assert deal.status == DealStatus.AGREED
    assert services.awaiting(deal, DealStatus.SIGNED) == [parties.company.pk]


def test_a_licensee_cannot_sign_alone_either(parties):
    deal = services.deal_transition(actor=parties.signer, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    assert deal.status == DealStatus.AGREED
    assert services.awaiting(deal, DealStatus.SIGNED) == [parties.university.pk]


def test_agreement_needs_both_parties(parties):
    deal = _deal(parties, status=DealStatus.NEGOTIATING)
    assert services.deal_transition(actor=parties.manager, deal=deal, to=DealStatus.AGREED, today=TODAY).status \
        == DealStatus.NEGOTIATING
    assert services.deal_transition(actor=parties.signer, deal=deal, to=DealStatus.AGREED, today=TODAY).status \
        == DealStatus.AGREED


def test_the_second_confirmation_signs_the_deal(parties):
    assert _sign(parties, _deal(parties)).status == DealStatus.SIGNED


def test_no_one_reaches_recorded_by_a_transition(parties):
    deal = _sign(parties, _deal(parties))
    with pytest.raises(Conflict) as error:
        services.deal_transition(actor=parties.manager, deal=deal, to=DealStatus.RECORDED, today=TODAY)
    assert error.value.code == "recordation_required"


def test_a_stranger_cannot_move_a_deal(parties, make_member):
    stranger, _ = make_member(Role.TECH_TRANSFER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=stranger, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)


@pytest.mark.parametrize("role,kind", [(Role.INVENTOR, OrgKind.UNIVERSITY), (Role.ORG_ADMIN, OrgKind.UNIVERSITY)])
def test_a_university_member_without_the_offices_authority_cannot_confirm(parties, role, kind):
    colleague = member(parties.university, role)
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=colleague, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)


def test_an_enterprise_user_may_negotiate_but_not_sign(parties):
    staff = member(parties.company, Role.ENTERPRISE_USER)
    deal = _deal(parties, status=DealStatus.DRAFT)
    assert services.deal_transition(actor=staff, deal=deal, to=DealStatus.NEGOTIATING, today=TODAY).status \
        == DealStatus.NEGOTIATING
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=staff, deal=deal, to=DealStatus.AGREED, today=TODAY)


@pytest.mark.parametrize("role,kind", [(Role.REGULATOR, OrgKind.REGULATOR), (Role.BANK_OFFICER, OrgKind.FINANCIAL),
                                       (Role.PLATFORM_ADMIN, OrgKind.AGENCY)])
def test_outsiders_of_any_rank_cannot_confirm_for_a_party(parties, make_member, role, kind):
    outsider, _ = make_member(role, kind)
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=outsider, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)


def test_a_person_who_signs_for_both_parties_cannot_confirm_alone(parties):
    MembershipFactory(user=parties.manager, organisation=parties.company, role=Role.SIGNATORY)
    with pytest.raises(PermissionDenied) as error:
        services.deal_transition(actor=parties.manager, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    assert error.value.code == "both_sides"


def test_a_third_party_cannot_open_a_deal_for_two_others(parties, make_member):
    outsider, _ = make_member(Role.SIGNATORY, OrgKind.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.deal_create(actor=outsider, patent=parties.patent, kind=DealKind.TRANSFER, owner=parties.university,
                             counterparty=parties.company, data={})


def test_reopening_the_terms_voids_earlier_confirmations(parties):
    deal = services.deal_transition(actor=parties.manager, deal=_deal(parties), to=DealStatus.SIGNED, today=TODAY)
    deal = services.deal_transition(actor=parties.signer, deal=deal, to=DealStatus.NEGOTIATING, today=TODAY)
    deal = _both(parties, deal, DealStatus.AGREED)
    deal = services.deal_transition(actor=parties.signer, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    assert deal.status == DealStatus.AGREED
    assert services.awaiting(deal, DealStatus.SIGNED) == [parties.university.pk]


def _co_owned(p):
    institute = OrganisationFactory(kind=OrgKind.INSTITUTE)
    PatentApplicant.objects.create(patent=p.patent, position=2, name=institute.name, organisation=institute)
    p.patent.applicant_names = [*p.patent.applicant_names, institute.name]
    p.patent.save()
    return institute


def test_pl14_a_transfer_needs_every_co_owner(parties):
    institute = _co_owned(parties)
    deal = _sign(parties, _deal(parties, kind=DealKind.TRANSFER))
    assert deal.status == DealStatus.AGREED
    assert services.awaiting(deal, DealStatus.SIGNED) == [institute.pk]
    co_owner = member(institute, Role.TECH_TRANSFER_MANAGER)
    assert services.deal_transition(actor=co_owner, deal=deal, to=DealStatus.SIGNED, today=TODAY).status \
        == DealStatus.SIGNED


def test_pl14_one_co_owner_may_grant_an_ordinary_licence_alone(parties):
    _co_owned(parties)
    assert _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE)).status == DealStatus.SIGNED


def test_pl14_a_co_owner_outside_the_platform_stops_a_transfer(parties):
    PatentApplicant.objects.create(patent=parties.patent, position=2, name="张三", organisation=None)
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties, kind=DealKind.TRANSFER))
    assert "co_owner_not_on_platform" in {c["rule"] for c in error.value.details["conflicts"]}


def test_pl51_no_exclusive_licence_over_a_standing_open_licence(parties):
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=parties.patent, grantor=parties.university,
                 starts_on=TODAY)
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties))
    assert "open_licence_standing" in {c["rule"] for c in error.value.details["conflicts"]}


def test_an_ordinary_licence_may_sit_beside_an_open_licence(parties):
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=parties.patent, grantor=parties.university,
                 starts_on=TODAY)
    assert _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE)).status == "signed"


def test_spc25_no_second_exclusive_licence_for_the_same_territory_and_period(parties):
    _sign(parties, _deal(parties))
    overlapping = _deal(parties, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2030, 1, 1))
    with pytest.raises(Conflict):
        _sign(parties, overlapping)


@pytest.mark.parametrize("wording", ["中华人民共和国", "中国 ", "ＣＮ", "全国"])
def test_spc25_the_territory_cannot_be_reworded_around_an_exclusive_licence(parties, wording):
    _sign(parties, _deal(parties, territory="中国"))
    with pytest.raises(Conflict):
        _sign(parties, _deal(parties, territory=wording))


@pytest.mark.parametrize("first,second", [("广东省", "深圳市"), ("中国", "广州"), ("440300", "广东")])
def test_spc25_a_city_lies_inside_its_province_inside_china(parties, first, second):
    _sign(parties, _deal(parties, territory=first))
    with pytest.raises(Conflict):
        _sign(parties, _deal(parties, territory=second))


@pytest.mark.parametrize("first,second", [("广东省", "广西壮族自治区"), ("深圳市", "广州市"), ("中国香港", "中国澳门")])
def test_exclusive_licences_for_separate_territories_both_stand(parties, first, second):
    _sign(parties, _deal(parties, territory=first))
    assert _sign(parties, _deal(parties, territory=second)).status == DealStatus.SIGNED


def test_spc25_no_ordinary_licence_over_a_binding_exclusive_licence(parties):
    _sign(parties, _deal(parties, territory="广东省"))
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE, territory="深圳市"))
    assert "under_exclusive_licence" in {c["rule"] for c in error.value.details["conflicts"]}


def test_spc25_no_ordinary_licence_over_a_binding_sole_licence(parties):
    _sign(parties, _deal(parties, kind=DealKind.SOLE_LICENCE))
    with pytest.raises(Conflict):
        _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE, starts_on=dt.date(2028, 6, 1)))


@pytest.mark.parametrize("kind", [DealKind.EXCLUSIVE_LICENCE, DealKind.SOLE_LICENCE])
def test_spc25_no_exclusive_or_sole_licence_over_a_binding_ordinary_licence(parties, kind):
    _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE, territory="中国"))
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties, kind=kind, territory="广州市"))
    assert "ordinary_licence_binds" in {c["rule"] for c in error.value.details["conflicts"]}


def test_spc25_an_ordinary_licence_elsewhere_or_later_does_not_stop_an_exclusive_one(parties):
    _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE, territory="广西"))
    _sign(parties, _deal(parties, kind=DealKind.ORDINARY_LICENCE, starts_on=dt.date(2030, 1, 1),
                         ends_on=dt.date(2030, 12, 31)))
    assert _sign(parties, _deal(parties, territory="广东省")).status == DealStatus.SIGNED


def test_pl50_a_licence_taken_under_a_withdrawn_open_licence_still_stops_an_exclusive_one(parties):
    from patentbridge.licensing import services as licensing

    declaration = licensing.declare(actor=parties.manager, organisation=parties.university, patent=parties.patent,
                                    today=TODAY, data={"payment_mode": "lump_sum", "lump_sum": Decimal("100"),
                                                       "term_years": 5})
    licensing.licence_take(actor=parties.signer, licensee=parties.company, declaration=declaration, notice="通知",
                           today=TODAY)
    licensing.withdraw(actor=parties.manager, declaration=declaration, reason="改为独占许可", today=TODAY)
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties))
    assert "ordinary_licence_binds" in {c["rule"] for c in error.value.details["conflicts"]}


def test_an_unknown_territory_is_refused_with_the_choices(parties):
    with pytest.raises(ValidationFailed) as error:
        _deal(parties, territory="火星")
    assert "territory" in error.value.details


def test_civil_code_865_no_licence_beyond_the_patent_term(parties):
    with pytest.raises(Conflict) as error:
        _sign(parties, _deal(parties, ends_on=dt.date(2040, 1, 1)))
    assert "term_beyond_patent" in {c["rule"] for c in error.value.details["conflicts"]}


def test_a_pledged_patent_needs_the_pledgees_consent(parties):
    LegalEvent.objects.create(patent=parties.patent, date=dt.date(2025, 1, 1), description="专利权质押合同登记的生效")
    with pytest.raises(Conflict):
        _sign(parties, _deal(parties))
    assert _sign(parties, _deal(parties, pledgee_consent=True, territory="澳门")).status == DealStatus.SIGNED


def test_pl10_a_transfer_takes_effect_only_when_its_registration_is_recorded(parties):
    deal = _sign(parties, _deal(parties, kind=DealKind.TRANSFER))
    assert parties.patent.owner_org_ids() == [parties.university.pk]
    recordation_file(actor=parties.signer, recordation=deal.recordation, today=TODAY)
    deal.refresh_from_db()
    parties.patent.refresh_from_db()
    assert deal.status == DealStatus.RECORDED
    assert parties.patent.owner_org_ids() == [parties.company.pk]
    assert parties.patent.applicant_names == [parties.company.name]


def test_an_equity_contribution_moves_the_patent_when_registered(parties):
    deal = _sign(parties, _deal(parties, kind=DealKind.EQUITY))
    recordation_file(actor=parties.manager, recordation=deal.recordation, today=TODAY)
    assert parties.patent.owner_org_ids() == [parties.company.pk]


@pytest.mark.django_db(transaction=True)
def test_two_exclusive_grants_at_the_same_moment_exactly_one_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    from patentbridge.orgs.regions import load_regions

    load_regions()
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    manager = member(university, Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    china = Region.objects.get(code="CN")
    deals = []
    for _ in range(2):
        company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
        deal = Deal.objects.create(kind=DealKind.EXCLUSIVE_LICENCE, patent=patent, owner=university,
                                   counterparty=company, status=DealStatus.AGREED, territory=china,
                                   territory_lo=china.lo, territory_hi=china.hi, **PERIOD)
        services.deal_transition(actor=member(company, Role.SIGNATORY), deal=deal, to=DealStatus.SIGNED, today=TODAY)
        deals.append(deal)
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

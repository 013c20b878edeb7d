"""Development, consulting and service contracts (Civil Code Art 851 ff., 878 ff.), transfers of the application
right and licences of pending applications (Art 862; SPC interpretation Art 29)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals import selectors, services
from patentbridge.deals.models import SERVICE_KINDS, Deal, DealKind, DealStatus, PaymentMode, ResultsOwner
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalStatus, PatentApplicant
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import ContractStatus, TechContractType
from patentbridge.recordation.services import recordation_file

TODAY = dt.date(2026, 11, 26)
SERVICE = {"subject": "压缩机降噪工艺优化", "deliverables": "优化方案与试验报告", "amount": Decimal("200000")}
PERIOD = {"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2029, 12, 31), "amount": Decimal("300000")}
STATES = list(DealStatus.values)


@pytest.fixture
def p(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    granted = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    pending = PatentFactory(owner=university, application_date=dt.date(2025, 3, 1), legal_status=LegalStatus.PENDING)
    return SimpleNamespace(university=university, company=company, granted=granted, pending=pending,
                           office=signer_of(university), signer=signer_of(company))


def _open(p, kind, patent=None, status=None, **data):
    terms = SERVICE if kind in SERVICE_KINDS else PERIOD
    deal = services.deal_create(actor=p.office, patent=patent, kind=kind, owner=p.university, counterparty=p.company,
                                data={**terms, **data})
    if status:
        Deal.objects.filter(pk=deal.pk).update(status=status)
        deal.refresh_from_db()
    return deal


def _both(p, deal, to):
    deal = services.deal_transition(actor=p.office, deal=deal, to=to, today=TODAY)
    return deal if deal.status == to else services.deal_transition(actor=p.signer, deal=deal, to=to, today=TODAY)


def _signed(p, kind, patent=None, **data):
    return _both(p, _open(p, kind, patent, status=DealStatus.AGREED, **data), DealStatus.SIGNED)


# ---------------------------------------------------------------------------------------------- Art 851 ff., 878 ff.

@pytest.mark.parametrize("kind", [DealKind.DEVELOPMENT_COMMISSIONED, DealKind.DEVELOPMENT_COOPERATIVE,
                                  DealKind.CONSULTING, DealKind.SERVICE])
def test_cc851_878_a_signed_development_consulting_or_service_contract_binds_no_right_but_awaits_registration(p, kind):
    deal = _signed(p, kind)
    assert (deal.status, deal.grant_id, deal.recordation) == (DealStatus.SIGNED, None, None)
    contract = deal.tech_contract
    assert (contract.status, contract.seller, contract.buyer, contract.patent) == (
        ContractStatus.PENDING, p.university, p.company, None)
    assert contract.contract_type == services.CONTRACT_TYPES[kind]
    assert (contract.subject, contract.contract_amount) == ("压缩机降噪工艺优化", Decimal("200000"))


def test_cc859_a_commissioned_developments_results_belong_to_the_developer_unless_agreed(p):
    assert _open(p, DealKind.DEVELOPMENT_COMMISSIONED).results_owner == ResultsOwner.DEVELOPER


def test_cc860_a_cooperative_developments_results_belong_to_both_parties_unless_agreed(p):
    assert _open(p, DealKind.DEVELOPMENT_COOPERATIVE).results_owner == ResultsOwner.JOINT


def test_cc859_the_parties_may_agree_that_the_client_owns_the_results(p):
    deal = _open(p, DealKind.DEVELOPMENT_COMMISSIONED, results_owner=ResultsOwner.CLIENT, results_terms="技术秘密归委托方")
    assert (deal.results_owner, deal.results_terms) == (ResultsOwner.CLIENT, "技术秘密归委托方")


def test_a_consulting_contract_has_no_results_ownership(p):
    assert _open(p, DealKind.CONSULTING, results_owner=ResultsOwner.CLIENT).results_owner == ""


@pytest.mark.parametrize(("field", "blank"), [("subject", "  "), ("deliverables", ""), ("amount", Decimal("0"))])
def test_cc851_878_a_service_contract_names_its_project_deliverables_and_price(p, field, blank):
    with pytest.raises(ValidationFailed) as refused:
        _open(p, DealKind.SERVICE, **{field: blank})
    assert field in refused.value.details


def test_cc878_a_consulting_contract_paid_by_royalty_may_have_no_fixed_price(p):
    deal = _open(p, DealKind.CONSULTING, amount=Decimal("0"), payment_mode=PaymentMode.ROYALTY)
    assert deal.amount == 0


def test_a_contract_may_concern_the_developers_patent(p):
    assert _signed(p, DealKind.SERVICE, p.granted).tech_contract.patent == p.granted


def test_a_contract_may_concern_the_clients_patent(p):
    own = PatentFactory(owner=p.company)
    assert _open(p, DealKind.CONSULTING, patent=own).patent == own


def test_a_contract_cannot_claim_a_strangers_patent(p):
    stranger = PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY))
    with pytest.raises(ValidationFailed) as refused:
        _open(p, DealKind.CONSULTING, patent=stranger)
    assert "patent" in refused.value.details


def test_a_licence_still_names_its_patent(p):
    with pytest.raises(ValidationFailed) as refused:
        services.deal_create(actor=p.office, patent=None, kind=DealKind.ORDINARY_LICENCE, owner=p.university,
                             counterparty=p.company, data=PERIOD)
    assert "patent" in refused.value.details


def test_pl14_a_service_contract_on_a_co_owned_patent_needs_only_its_two_parties(p):
    partner = OrganisationFactory(kind=OrgKind.INSTITUTE)
    PatentApplicant.objects.create(patent=p.granted, position=1, name=partner.name, organisation=partner)
    deal = _open(p, DealKind.SERVICE, patent=p.granted)
    assert deal.consenting_org_ids() == [p.university.pk, p.company.pk]
    assert not selectors.deals_visible_to(member_of(partner)).filter(pk=deal.pk).exists()


def test_cc878_a_consulting_contract_cannot_be_signed_by_one_party_alone(p):
    deal = services.deal_transition(actor=p.office, deal=_open(p, DealKind.CONSULTING, status=DealStatus.AGREED),
                                    to=DealStatus.SIGNED, today=TODAY)
    assert deal.status == DealStatus.AGREED and deal.tech_contract is None
    assert services.awaiting(deal, DealStatus.SIGNED) == [p.company.pk]


def test_an_enterprise_user_may_open_a_service_contract_but_not_sign_it(p):
    user = member_of(p.company, Role.ENTERPRISE_USER)
    deal = services.deal_create(actor=user, patent=None, kind=DealKind.SERVICE, owner=p.university,
                                counterparty=p.company, data=SERVICE)
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.AGREED)
    deal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.deal_transition(actor=user, deal=deal, to=DealStatus.SIGNED, today=TODAY)


@pytest.mark.parametrize("frm,to", [(a, b) for a in STATES for b in STATES if a != b])
def test_every_step_of_a_service_contract_is_allowed_or_refused_by_its_table(p, frm, to):
    deal = _open(p, DealKind.SERVICE, status=frm)
    consent = services.SERVICE_STEPS.get((frm, to))
    if consent is None:
        with pytest.raises(Conflict):
            services.deal_transition(actor=p.office, deal=deal, to=to, today=TODAY)
    else:
        assert _both(p, deal, to).status == to


def test_a_signed_service_contract_is_performed_without_recordation(p):
    deal = _signed(p, DealKind.SERVICE)
    assert services.allowed(deal) == [DealStatus.PERFORMING, DealStatus.TERMINATED]
    assert services.deal_transition(actor=p.signer, deal=deal, to=DealStatus.PERFORMING,
                                    today=TODAY).status == DealStatus.PERFORMING


def test_terminating_a_signed_contract_marks_it_ended_early(p):
    deal = _both(p, _signed(p, DealKind.DEVELOPMENT_COMMISSIONED), DealStatus.TERMINATED)
    assert deal.tech_contract.ended_early_on == TODAY


def test_completing_a_contract_does_not_mark_it_ended_early(p):
    deal = _signed(p, DealKind.SERVICE)
    deal = _both(p, services.deal_transition(actor=p.office, deal=deal, to=DealStatus.PERFORMING, today=TODAY),
                 DealStatus.COMPLETED)
    assert deal.tech_contract.ended_early_on is None


def test_a_signed_licence_points_at_its_registration_through_the_deal(p):
    deal = _signed(p, DealKind.ORDINARY_LICENCE, p.granted)
    assert deal.tech_contract.grant == deal.grant
    assert deal.tech_contract.contract_type == TechContractType.LICENCE


# ---------------------------------------------------------------------------------------------- Art 862; SPC Art 29

def test_cc862_a_pending_applications_right_is_transferred_as_such(p):
    deal = _signed(p, DealKind.APPLICATION_RIGHT_TRANSFER, p.pending)
    assert (deal.status, deal.grant.kind, deal.recordation.kind) == (DealStatus.SIGNED,
                                                                      "application_right_transfer", "transfer")
    assert deal.tech_contract.contract_type == TechContractType.TRANSFER


def test_cc862_a_granted_patents_application_right_cannot_be_transferred(p):
    with pytest.raises(Conflict) as refused:
        _signed(p, DealKind.APPLICATION_RIGHT_TRANSFER, p.granted)
    assert [c["rule"] for c in refused.value.details["conflicts"]] == ["application_not_pending"]


def test_cc862_a_pending_application_is_not_transferred_as_a_patent(p):
    with pytest.raises(Conflict) as refused:
        _signed(p, DealKind.TRANSFER, p.pending)
    assert [c["rule"] for c in refused.value.details["conflicts"]] == ["patent_not_granted"]


@pytest.mark.parametrize("kind", [DealKind.ORDINARY_LICENCE, DealKind.EXCLUSIVE_LICENCE])
def test_spc29_a_licence_of_a_pending_application_may_be_signed(p, kind):
    assert _signed(p, kind, p.pending).status == DealStatus.SIGNED


def test_spc25_an_exclusive_licence_of_a_pending_application_still_excludes_an_ordinary_one(p):
    _signed(p, DealKind.EXCLUSIVE_LICENCE, p.pending)
    with pytest.raises(Conflict):
        _signed(p, DealKind.ORDINARY_LICENCE, p.pending)


def test_art9_2_the_recordation_of_a_pending_applications_licence_is_refused_for_want_of_a_grant_date(p):
    deal = _signed(p, DealKind.ORDINARY_LICENCE, p.pending)
    filed = recordation_file(actor=p.office, recordation=deal.recordation, today=TODAY)
    assert filed.status == "refused" and "grant_date" in filed.refusals[0]["items"]


def test_a_lapsed_patent_is_neither_licensed_nor_transferred(p):
    lapsed = PatentFactory(owner=p.university, legal_status=LegalStatus.LAPSED_FEES)
    for kind in (DealKind.ORDINARY_LICENCE, DealKind.TRANSFER, DealKind.APPLICATION_RIGHT_TRANSFER):
        assert kind not in services.kinds_for(lapsed)
    assert DealKind.SERVICE in services.kinds_for(lapsed)


def test_the_kinds_offered_follow_the_patents_state(p):
    assert DealKind.APPLICATION_RIGHT_TRANSFER in services.kinds_for(p.pending)
    assert DealKind.TRANSFER not in services.kinds_for(p.pending)
    assert DealKind.TRANSFER in services.kinds_for(p.granted)
    assert DealKind.APPLICATION_RIGHT_TRANSFER not in services.kinds_for(p.granted)


def test_pl10_an_application_right_transfer_moves_the_application_when_registered(p):
    deal = _signed(p, DealKind.APPLICATION_RIGHT_TRANSFER, p.pending)
    assert p.pending.owner_org_ids() == [p.university.pk]
    recordation_file(actor=p.signer, recordation=deal.recordation, today=TODAY)
    deal.refresh_from_db()
    assert deal.status == DealStatus.RECORDED
    assert p.pending.owner_org_ids() == [p.company.pk]


def test_pl10_an_equity_contribution_of_an_application_moves_it_when_registered(p):
    deal = _signed(p, DealKind.EQUITY, p.pending)
    recordation_file(actor=p.office, recordation=deal.recordation, today=TODAY)
    assert p.pending.owner_org_ids() == [p.company.pk]

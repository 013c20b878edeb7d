"""Technology-contract registration (技术合同认定登记, rules.md §2.3): the registration's lifecycle, its number, the
plausibility hold, cancellation of a contract that ended early, royalties that grow the turnover, the certificate."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation import contracts
from patentbridge.recordation.certificate import certificate_pdf
from patentbridge.recordation.models import ContractStatus, TechContractType
from patentbridge.recordation.tests.factories import registration_number

TODAY = dt.date(2026, 11, 26)
S = ContractStatus


@pytest.fixture
def p(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id="440300")
    patent = PatentFactory(owner=university)
    return SimpleNamespace(university=university, company=company, patent=patent, office=signer_of(university),
                           signer=signer_of(company))


def _contract(p, amount="300000", patent=True, signed_on=dt.date(2026, 10, 1)):
    return contracts.contract_for_service(
        contract_type=TechContractType.SERVICE, seller=p.university, buyer=p.company, subject="降噪工艺优化",
        amount=Decimal(amount), signed_on=signed_on, patent=p.patent if patent else None)


def _register(p, contract, actor=None, **overrides):
    data = {"number": registration_number("440100", TODAY), "registered_on": TODAY, "city": None, **overrides}
    return contracts.contract_register(actor=actor or p.office, contract=contract, today=TODAY, **data)


# ---------------------------------------------------------------------------------------------- the table

@pytest.mark.parametrize("frm", list(S.values))
@pytest.mark.parametrize("to", list(S.values))
@pytest.mark.parametrize("by", list(contracts.By))
def test_every_registration_step_is_allowed_or_refused_by_the_table(p, frm, to, by):
    contract = _contract(p)
    contract.status = frm
    if contracts.CONTRACT_STEPS.get((frm, to)) == by:
        contracts._move(contract, to, by=by, actor=p.office)
        assert contract.transitions.get().to_status == to
    else:
        with pytest.raises(Conflict):
            contracts._move(contract, to, by=by, actor=p.office)
        assert not contract.transitions.exists()


# ---------------------------------------------------------------------------------------------- registering

def test_a_registered_contract_counts_and_keeps_its_number_office_and_history(p):
    contract = _register(p, _contract(p))
    assert contract.status == S.COUNTED
    assert (contract.registered_on, contract.city_id, contract.registered_by) == (TODAY, "440100", p.office)
    assert [(t.from_status, t.to_status, t.actor) for t in contract.transitions.all()] == [(S.PENDING, S.COUNTED,
                                                                                             p.office)]


def test_a_registration_above_the_plausibility_bound_is_held_for_the_regulator(p, settings):
    settings.KPI_PLAUSIBILITY_LIMIT = "100000"
    assert _register(p, _contract(p)).status == S.HELD


def test_the_buyer_may_register_too(p):
    assert _register(p, _contract(p), actor=p.signer).status == S.COUNTED


@pytest.mark.parametrize(("role", "kind", "own"), [
    (Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, True), (Role.ORG_ADMIN, OrgKind.UNIVERSITY, True),
    (Role.INVENTOR, OrgKind.UNIVERSITY, True), (Role.SIGNATORY, OrgKind.ENTERPRISE, False),
    (Role.REGULATOR, OrgKind.REGULATOR, False), (Role.PLATFORM_ADMIN, OrgKind.AGENCY, False)])
def test_only_a_committing_member_of_a_party_registers(p, role, kind, own):
    party = p.company if kind == OrgKind.ENTERPRISE else p.university
    user = member_of(party if own else OrganisationFactory(kind=kind), role)
    contract = _contract(p)
    with pytest.raises(PermissionDenied):
        _register(p, contract, actor=user)
    contract.refresh_from_db()
    assert contract.status == S.PENDING


def test_the_registering_office_is_the_sellers_city_by_default(p):
    contract = _register(p, _contract(p), number=registration_number("440100", TODAY))
    assert contract.city_id == p.university.city_id


def test_a_contract_is_registered_once(p):
    contract = _register(p, _contract(p))
    with pytest.raises(Conflict) as refused:
        _register(p, contract)
    assert refused.value.code == "already_registered"


def test_two_contracts_cannot_share_a_number(p):
    number = registration_number("440100", TODAY)
    _register(p, _contract(p), number=number)
    with pytest.raises(Conflict) as refused:
        _register(p, _contract(p), number=number)
    assert refused.value.code == "duplicate_number"


@pytest.mark.parametrize(("number", "field"), [("ABC", "registration_number"), ("2644010000001", "registration_number"),
                                               ("25440100000001", "registration_number"), ("26440300000001", "city")])
def test_a_number_of_another_form_year_or_region_is_refused(p, number, field):
    with pytest.raises(ValidationFailed) as refused:
        _register(p, _contract(p), number=number)
    assert field in refused.value.details


def test_the_number_form_is_configurable(p, settings):
    settings.TECH_CONTRACT_NUMBER_PATTERN = r"^GD-\d{4}$"
    assert _register(p, _contract(p), number="GD-0001").registration_number == "GD-0001"


def test_spaces_typed_into_a_number_are_dropped(p):
    assert _register(p, _contract(p), number="26 4401 0000 0077").registration_number == "26440100000077"


@pytest.mark.parametrize("registered_on", [TODAY + dt.timedelta(days=1), dt.date(2026, 9, 30)])
def test_a_registration_is_dated_between_signing_and_today(p, registered_on):
    with pytest.raises(ValidationFailed) as refused:
        _register(p, _contract(p), number=registration_number("440100", registered_on), registered_on=registered_on)
    assert "registered_on" in refused.value.details


def test_2024_draft_a_contract_that_ended_is_no_longer_registered(p):
    contract = contracts.contract_ended_early(_contract(p), on=TODAY)
    with pytest.raises(Conflict) as refused:
        _register(p, contract)
    assert refused.value.code == "contract_ended"


# ---------------------------------------------------------------------------------------------- cancellation

def test_the_registration_of_a_contract_that_ended_early_is_cancelled_with_its_reason(p):
    contract = _register(p, _contract(p))
    contracts.contract_ended_early(contract, on=TODAY)
    cancelled = contracts.contract_cancel(actor=p.signer, contract=contract, reason="合同提前解除", on=TODAY)
    assert (cancelled.status, cancelled.cancelled_on, cancelled.cancellation_reason) == (S.CANCELLED, TODAY,
                                                                                         "合同提前解除")
    assert cancelled.transitions.last().note == "合同提前解除"


def test_a_contract_in_force_keeps_its_registration(p):
    contract = _register(p, _contract(p))
    with pytest.raises(Conflict) as refused:
        contracts.contract_cancel(actor=p.office, contract=contract, reason="改主意了", on=TODAY)
    assert refused.value.code == "contract_not_ended"


def test_a_cancellation_states_its_reason(p):
    contract = contracts.contract_ended_early(_register(p, _contract(p)), on=TODAY)
    with pytest.raises(ValidationFailed):
        contracts.contract_cancel(actor=p.office, contract=contract, reason="  ", on=TODAY)


def test_an_unregistered_contract_has_nothing_to_cancel(p):
    contract = contracts.contract_ended_early(_contract(p), on=TODAY)
    with pytest.raises(Conflict):
        contracts.contract_cancel(actor=p.office, contract=contract, reason="合同提前解除", on=TODAY)


def test_a_stranger_cannot_cancel_a_registration(p):
    contract = contracts.contract_ended_early(_register(p, _contract(p)), on=TODAY)
    with pytest.raises(PermissionDenied):
        contracts.contract_cancel(actor=signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE)), contract=contract,
                                  reason="合同提前解除", on=TODAY)


def test_a_held_registration_of_a_terminated_contract_is_cancelled(p, settings):
    settings.KPI_PLAUSIBILITY_LIMIT = "100000"
    contract = contracts.contract_ended_early(_register(p, _contract(p)), on=TODAY)
    assert contracts.contract_cancel(actor=p.office, contract=contract, reason="合同提前解除",
                                     on=TODAY).status == S.CANCELLED


# ---------------------------------------------------------------------------------------------- royalties

def _royalty(contract, amount, reference):
    return contracts.contract_royalty_received(contract=contract, amount=Decimal(amount), received_on=TODAY,
                                               reference=reference)


def test_royalties_received_grow_a_royalty_only_contracts_turnover(p):
    contract = _register(p, _contract(p, amount="0"))
    _royalty(contract, "12000", "r1")
    contract = _royalty(contract, "8000.50", "r2")
    assert (contract.contract_amount, contract.technology_amount, contract.royalties_received) == (
        Decimal("20000.50"), Decimal("20000.50"), Decimal("20000.50"))


def test_an_entry_fee_among_the_receipts_is_not_counted_twice(p):
    contract = _contract(p, amount="50000")
    contract = _royalty(contract, "50000", "entry fee")
    assert contract.contract_amount == Decimal("50000")
    assert _royalty(contract, "7000", "first royalty").contract_amount == Decimal("57000")


def test_a_receipt_counts_once(p):
    contract = _contract(p, amount="0")
    _royalty(contract, "1000", "income-1")
    assert _royalty(contract, "1000", "income-1").contract_amount == Decimal("1000")


def test_royalties_that_lift_a_counted_contract_above_the_bound_hold_it_again(p, settings):
    settings.KPI_PLAUSIBILITY_LIMIT = "100000"
    contract = _register(p, _contract(p, amount="0"))
    contract = _royalty(contract, "150000", "r1")
    assert contract.status == S.HELD
    assert contract.transitions.last().from_status == S.COUNTED


# ---------------------------------------------------------------------------------------------- certificate

def test_a_registered_contract_has_a_certificate_pdf(p):
    assert certificate_pdf(_register(p, _contract(p))).startswith(b"%PDF")


def test_a_cancelled_registration_keeps_its_certificate(p):
    contract = contracts.contract_ended_early(_register(p, _contract(p)), on=TODAY)
    contract = contracts.contract_cancel(actor=p.office, contract=contract, reason="合同提前解除", on=TODAY)
    assert certificate_pdf(contract).startswith(b"%PDF")


def test_an_unregistered_contract_has_no_certificate(p):
    with pytest.raises(Conflict):
        certificate_pdf(_contract(p))


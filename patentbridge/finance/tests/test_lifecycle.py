"""The disposal's lifecycle: every allowed step of the table with who may take it, and every other step refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import product

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.finance import services
from patentbridge.finance.models import DisposalStatus, DisposalStep, PledgeDisposal
from patentbridge.finance.tests.factories import (
    AUCTION_TERMS,
    agreed,
    fake_market,
    opened,
    pledge_of,
    pledged,
    sent,
    sold,
)

S = DisposalStatus
RULING = {"court": "广州市天河区人民法院", "ruling_number": "(2026)粤0106民特123号", "ruling_date": dt.date(2026, 5, 6)}


@pytest.fixture
def world(db):
    return pledged()


def _ruling_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("裁定书.pdf", b"%PDF-1.4 ruling")


def test_the_pledgee_opens_a_disposal_with_the_registered_amount_and_the_claim(world):
    disposal = opened(world)
    assert (disposal.status, disposal.bank_id, disposal.pledgor_id) == (S.DRAFT, world.bank.pk, world.firm.pk)
    assert disposal.secured_amount == Decimal("1000000.00") and disposal.claim == Decimal("850000.00")
    assert disposal.number.startswith("PD-") and disposal.city_id == "440100"


def test_a_claim_above_the_registered_amount_is_secured_only_up_to_it(world):
    disposal = opened(world, principal="1200000")
    assert disposal.claim == Decimal("1250000.00") and disposal.secured_claim == Decimal("1000000.00")


def test_a_contract_clause_secures_the_whole_claim(world):
    disposal = opened(world, principal="1200000", scope_clause="质押合同第5.2条")
    assert disposal.secured_claim == Decimal("1250000.00")


def test_a_second_disposal_of_the_same_pledge_is_refused_while_one_is_open(world):
    opened(world)
    with pytest.raises(Conflict):
        opened(world)


def test_a_released_pledge_cannot_be_disposed_of(world):
    pledge = pledge_of(world)
    pledge.released_on = dt.date(2026, 2, 1)
    pledge.save()
    world.pledge = pledge
    with pytest.raises(PermissionDenied):
        opened(world)


@pytest.mark.parametrize("field,value", [("defaulted_on", "2024-12-31"), ("defaulted_on", "2999-01-01"),
                                         ("principal", "0"), ("interest", "-1"), ("enforcement_costs", "x")])
def test_a_default_that_makes_no_sense_is_refused_by_its_field(world, field, value):
    with pytest.raises(ValidationFailed) as error:
        opened(world, **{field: value})
    assert field in error.value.details


def test_the_pledgor_agrees_and_the_basis_is_the_agreement(world):
    disposal = agreed(world)
    assert (disposal.status, disposal.basis, disposal.agreed_by) == (S.AGREED, "agreement", world.signatory)


def test_the_bank_cannot_confirm_the_pledgors_agreement(world):
    disposal = opened(world)
    with pytest.raises(PermissionDenied):
        services.disposal_agree(actor=world.officer, disposal=disposal)
    assert PledgeDisposal.objects.get(pk=disposal.pk).status == S.DRAFT


def test_the_bank_records_a_court_ruling_with_its_file(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    disposal = services.disposal_ruling(actor=world.officer, disposal=opened(world), data=RULING,
                                        upload=_ruling_file())
    assert (disposal.status, disposal.basis, disposal.court) == (S.ORDERED, "court", RULING["court"])
    assert disposal.ruling_file.name.endswith(".pdf")


def test_a_ruling_without_its_file_is_refused(world):
    with pytest.raises(ValidationFailed) as error:
        services.disposal_ruling(actor=world.officer, disposal=opened(world), data=RULING, upload=None)
    assert "ruling_file" in error.value.details


def test_sending_to_auction_passes_the_auctioneer_the_pledgor_and_the_agreement_as_authority(world, monkeypatch):
    market = fake_market(monkeypatch)
    disposal = sent(world, route="auction")
    call = market.calls[0]
    assert (disposal.status, disposal.route, disposal.sale_id) == (S.SENT, "auction", 901)
    assert call["disposal"].pledgor == world.firm and call["judicial"] is False
    assert disposal.number in call["authority"] and "第四百三十六条" in call["authority"]


def test_a_court_ordered_disposal_goes_to_a_judicial_auction(world, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    market = fake_market(monkeypatch)
    disposal = services.disposal_ruling(actor=world.officer, disposal=opened(world), data=RULING,
                                        upload=_ruling_file())
    services.disposal_send(actor=world.officer, disposal=disposal, route="auction",
                           data={"appraisal": "100", "price": "80", "organiser_id": world.buyer.pk,
                                 **AUCTION_TERMS})
    assert market.calls[0]["judicial"] is True and RULING["ruling_number"] in market.calls[0]["authority"]


def test_sending_to_a_listing_names_the_price(world, monkeypatch):
    market = fake_market(monkeypatch)
    disposal = sent(world, route="listing")
    assert (disposal.route, market.calls[0]["listing_price"]) == ("listing", Decimal("1000000.00"))


def test_an_auction_without_an_auctioneer_or_its_terms_is_refused(world, monkeypatch):
    fake_market(monkeypatch)
    disposal = agreed(world)
    with pytest.raises(ValidationFailed):
        services.disposal_send(actor=world.officer, disposal=disposal, route="auction",
                               data={"appraisal": "100", "price": "80", **AUCTION_TERMS})
    with pytest.raises(ValidationFailed) as error:
        services.disposal_send(actor=world.officer, disposal=disposal, route="auction",
                               data={"appraisal": "100", "price": "80", "organiser_id": world.buyer.pk})
    assert "deposit" in error.value.details


def test_the_pledgor_cannot_send_the_patent_to_sale(world, monkeypatch):
    market = fake_market(monkeypatch)
    with pytest.raises(PermissionDenied):
        services.disposal_send(actor=world.signatory, disposal=agreed(world), route="listing",
                               data={"appraisal": "100", "price": "80", "organiser_id": world.buyer.pk})
    assert market.calls == []


def test_a_draft_cannot_be_sent_before_its_basis(world, monkeypatch):
    market = fake_market(monkeypatch)
    with pytest.raises(Conflict) as error:
        services.disposal_send(actor=world.officer, disposal=opened(world), route="listing",
                               data={"appraisal": "100", "price": "80", "organiser_id": world.buyer.pk})
    assert error.value.code == "invalid_transition" and market.calls == []


def test_either_party_shows_the_repayment_and_the_bank_withdraws(world):
    disposal = services.repayment_show(actor=world.signatory, disposal=agreed(world), note="2026-06-01 全额还款")
    disposal = services.disposal_withdraw(actor=world.officer, disposal=disposal)
    assert disposal.status == S.WITHDRAWN and pledge_of(world).released_on is None


def test_the_pledgor_cannot_withdraw_the_disposal(world):
    disposal = services.repayment_show(actor=world.signatory, disposal=agreed(world), note="已还款")
    with pytest.raises(PermissionDenied):
        services.disposal_withdraw(actor=world.signatory, disposal=disposal)


def test_withdrawal_needs_the_proof_of_repayment(world):
    with pytest.raises(Conflict):
        services.disposal_withdraw(actor=world.officer, disposal=agreed(world))


def test_a_sold_patent_can_no_longer_be_withdrawn(world, monkeypatch):
    fake_market(monkeypatch)
    with pytest.raises(Conflict):
        services.repayment_show(actor=world.officer, disposal=sold(world), note="已还款")


def test_a_withdrawn_case_lets_the_bank_open_a_new_one(world):
    disposal = services.repayment_show(actor=world.officer, disposal=opened(world), note="已还款")
    services.disposal_withdraw(actor=world.officer, disposal=disposal)
    assert opened(world).status == S.DRAFT


# The whole table: each (from, to) pair, taken by the one who may take it; the pairs not in it are refused.
TAKER = {services.Action.DISPOSAL_AGREE: "signatory", services.Action.DISPOSAL_ACT: "officer", None: "officer"}
PAIRS = [(a, b) for a, b in product(S.values, S.values) if a != b]


@pytest.mark.parametrize("source,target", PAIRS)
def test_every_step_of_the_table_and_no_other(world, source, target):
    disposal = opened(world)
    PledgeDisposal.objects.filter(pk=disposal.pk).update(status=source, basis="agreement")
    disposal.refresh_from_db()
    allowed = (source, target) in services.STEPS
    actor = getattr(world, TAKER[services.STEPS.get((source, target))])
    if allowed:
        services._move(disposal, target, actor=actor)
        assert disposal.status == target
        assert DisposalStep.objects.filter(disposal=disposal, from_status=source, to_status=target).exists()
    else:
        with pytest.raises(Conflict) as error:
            services._move(disposal, target, actor=actor)
        assert error.value.code == "invalid_transition"


def test_cases_are_numbered_in_sequence_within_the_year(world):
    first = services.repayment_show(actor=world.officer, disposal=opened(world), note="已还款")
    services.disposal_withdraw(actor=world.officer, disposal=first)
    second = opened(world)
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1

"""The settlement statement: the sale's costs first, the pledgee's secured claim with priority, the remainder to the
pledgor, the unpaid claim shown; frozen when confirmed; the database refuses parts that do not add up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.finance import services
from patentbridge.finance.models import DisposalStatus, PledgeDisposal
from patentbridge.finance.statement import settle
from patentbridge.finance.tests.factories import fake_market, opened, pledged, sold


@pytest.fixture
def world(db):
    return pledged()


def _parts(settlement) -> tuple:
    return settlement.costs_part, settlement.bank_part, settlement.pledgor_part, settlement.shortfall


def test_a_price_above_the_claim_leaves_the_surplus_to_the_pledgor(world):
    settlement = settle(opened(world), price=Decimal("1000000"), commission=Decimal("30000"),
                        other_costs=Decimal("2000"))
    assert _parts(settlement) == (Decimal("32000.00"), Decimal("850000.00"), Decimal("118000.00"), Decimal("0.00"))


def test_a_price_below_the_claim_leaves_a_shortfall_and_nothing_to_the_pledgor(world):
    settlement = settle(opened(world), price=Decimal("500000"), commission=Decimal("25000"), other_costs=Decimal("0"))
    assert _parts(settlement) == (Decimal("25000.00"), Decimal("475000.00"), Decimal("0.00"), Decimal("375000.00"))


def test_the_part_of_the_claim_above_the_registered_amount_is_unsecured(world):
    disposal = opened(world, principal="1200000")  # claim 1,250,000; pledge secures 1,000,000
    settlement = settle(disposal, price=Decimal("1500000"), commission=Decimal("0"), other_costs=Decimal("0"))
    assert _parts(settlement) == (Decimal("0.00"), Decimal("1000000.00"), Decimal("500000.00"), Decimal("250000.00"))


def test_a_clause_securing_the_whole_claim_lifts_the_cap(world):
    disposal = opened(world, principal="1200000", scope_clause="第5.2条")
    settlement = settle(disposal, price=Decimal("1500000"), commission=Decimal("0"), other_costs=Decimal("0"))
    assert _parts(settlement)[1:] == (Decimal("1250000.00"), Decimal("250000.00"), Decimal("0.00"))


def test_the_parts_add_up_to_the_price_to_the_fen(world):
    settlement = settle(opened(world, interest="0.33"), price=Decimal("888888.88"), commission=Decimal("4444.44"),
                        other_costs=Decimal("0.01"))
    assert sum(_parts(settlement)[:3]) == Decimal("888888.88")


def test_costs_above_the_price_are_refused(world):
    with pytest.raises(ValidationFailed):
        settle(opened(world), price=Decimal("100"), commission=Decimal("100.01"), other_costs=Decimal("0"))


def test_the_confirmed_statement_is_frozen_with_its_steps(world, monkeypatch):
    fake_market(monkeypatch)
    disposal = services.statement_confirm(actor=world.officer, disposal=sold(world), commission="30000",
                                          other_costs="0", note="拍卖佣金3%")
    stored = PledgeDisposal.objects.get(pk=disposal.pk)
    assert stored.status == DisposalStatus.PROCEEDS_SPLIT
    assert [row["key"] for row in stored.statement] == ["price", "costs", "net", "claim", "secured", "bank",
                                                        "pledgor", "shortfall"]
    assert (stored.bank_part, stored.pledgor_part) == (Decimal("850000.00"), Decimal("120000.00"))


def test_the_pledgor_cannot_confirm_the_statement(world, monkeypatch):
    fake_market(monkeypatch)
    with pytest.raises(PermissionDenied):
        services.statement_confirm(actor=world.signatory, disposal=sold(world), commission="0", other_costs="0")


def test_the_database_refuses_parts_that_do_not_add_up_to_the_price(world, monkeypatch):
    fake_market(monkeypatch)
    disposal = services.statement_confirm(actor=world.officer, disposal=sold(world), commission="0", other_costs="0")
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeDisposal.objects.filter(pk=disposal.pk).update(pledgor_part=disposal.pledgor_part + Decimal("0.01"))


def test_the_database_refuses_a_negative_part(world, monkeypatch):
    fake_market(monkeypatch)
    disposal = sold(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeDisposal.objects.filter(pk=disposal.pk).update(shortfall=Decimal("-1"))

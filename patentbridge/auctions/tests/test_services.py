"""The auction rules, one behaviour per test: the lot's terms, the step table, registration, bids (every refusal, the
extension at its boundary), the close, the confirmation, payment and settlement, default and relisting."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.auctions import services, settlement
from patentbridge.auctions.models import (
    AuctioneerLicence,
    BidRefusal,
    DepositState,
    Lot,
    LotMode,
    LotStatus,
    LotStep,
    Registration,
)
from patentbridge.auctions.signals import lot_settled
from patentbridge.auctions.tests import factories as f
from patentbridge.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from patentbridge.deals.models import DealStatus
from patentbridge.licensing.payments import provider
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights.models import Pledge

pytestmark = pytest.mark.django_db
S = LotStatus


def _code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


# ------------------------------------------------------------------------------------------- the step table


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S.values, S.values)))
def test_every_step_is_allowed_only_if_in_the_table(source, target):
    w = f.world()
    Lot.objects.filter(pk=w.lot.pk).update(status=source)
    lot = Lot.objects.get(pk=w.lot.pk)
    if (source, target) in services.STEPS:
        services.step_take(lot, target, actor=None, now=timezone.now())
        assert Lot.objects.get(pk=lot.pk).status == target
    else:
        with pytest.raises(Conflict):
            services.step_take(lot, target, actor=None, now=timezone.now())
        assert Lot.objects.get(pk=lot.pk).status == source


def test_withdrawal_is_possible_only_before_bidding():
    assert {source for source, target in services.STEPS if target == S.WITHDRAWN} == {S.DRAFT, S.CONSIGNED,
                                                                                       S.ANNOUNCED}


def test_each_step_is_recorded():
    w = f.world()
    f.consign_and_announce(w)
    assert list(LotStep.objects.filter(lot=w.lot).values_list("to_status", flat=True)) == [S.CONSIGNED, S.ANNOUNCED]


# ------------------------------------------------------------------------------------------- the lot's terms


def test_art11_an_unlicensed_firm_cannot_open_an_auction():
    w = f.world()
    AuctioneerLicence.objects.filter(organisation=w.house.org).update(verified_at=None)
    with pytest.raises(ValidationFailed) as caught:
        services.lot_create(actor=w.house.staff, organiser=w.house.org, consignor=w.uni,
                            patents=[PatentFactory(owner=w.uni)], data=f.terms(officer=w.house.officer))
    assert "organiser" in caught.value.details


def test_art14_an_auction_names_a_certified_officer():
    w = f.world()
    with pytest.raises(ValidationFailed) as caught:
        services.lot_create(actor=w.house.staff, organiser=w.house.org, consignor=w.uni,
                            patents=[PatentFactory(owner=w.uni)], data=f.terms())
    assert "officer" in caught.value.details


def test_licence_needs_registered_capital_of_one_million():
    house = f.auctioneer()
    data = {"licence_number": "X1", "issued_by": "广东省商务厅", "valid_from": dt.date(2026, 1, 1),
            "valid_until": dt.date(2027, 1, 1), "registered_capital": Decimal("999999.99")}
    with pytest.raises(ValidationFailed):
        services.licence_save(actor=house.admin, organisation=house.org, data=data)


def test_an_auctioneer_cannot_sell_patents_the_consignor_does_not_hold():
    w = f.world()
    stranger = PatentFactory(owner=OrganisationFactory())
    with pytest.raises(ValidationFailed):
        services.lot_create(actor=w.house.staff, organiser=w.house.org, consignor=w.uni, patents=[stranger],
                            data=f.terms(officer=w.house.officer))


def test_pl444_a_pledged_patent_needs_the_pledgees_consent():
    w = f.world()
    patent = PatentFactory(owner=w.uni)
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    Pledge.objects.create(patent=patent, pledgor=w.uni, pledgee=bank, amount=Decimal("1000"),
                          registration_number="ZL-1", registered_on=dt.date(2025, 1, 1), ends_on=dt.date(2030, 1, 1))
    create = lambda **extra: services.lot_create(actor=w.house.staff, organiser=w.house.org, consignor=w.uni,  # noqa
                                                 patents=[patent], data=f.terms(officer=w.house.officer, **extra))
    with pytest.raises(ValidationFailed):
        create()
    assert create(pledgee_consent=True).pk


@pytest.mark.parametrize(("overrides", "field"), [
    ({"mode": LotMode.JUDICIAL, "start_price": Decimal("69999"), "deposit": Decimal("7000")}, "start_price"),
    ({"deposit": Decimal("4999")}, "deposit"),
    ({"deposit": Decimal("20001")}, "deposit"),
    ({"buyer_commission_rate": Decimal("5.01")}, "buyer_commission_rate"),
    ({"state_owned": True, "start_price": Decimal("90000"), "deposit": Decimal("9000")}, "reserve_price"),
])
def test_price_rules(overrides, field):
    w = f.world()
    with pytest.raises(ValidationFailed) as caught:
        services.lot_create(actor=w.house.staff, organiser=w.house.org, consignor=w.uni,
                            patents=[PatentFactory(owner=w.uni)], data=f.terms(officer=w.house.officer, **overrides))
    assert field in caught.value.details


def test_art56_an_agreed_commission_may_exceed_five_per_cent():
    w = f.world(buyer_commission_rate=Decimal("8"), commission_agreed=True)
    assert w.lot.buyer_commission_rate == Decimal("8")


def test_art48_viewing_lasts_two_days():
    start = timezone.now() + dt.timedelta(days=8)
    with pytest.raises(ValidationFailed) as caught:
        f.world(viewing_starts_at=start - dt.timedelta(days=1, hours=23), viewing_ends_at=start)
    assert "viewing_ends_at" in caught.value.details


def test_bidding_lasts_at_least_24_hours():
    start = timezone.now() + dt.timedelta(days=8)
    with pytest.raises(ValidationFailed) as caught:
        f.world(ends_at=start + dt.timedelta(hours=23, minutes=59))
    assert "ends_at" in caught.value.details


def test_art45_announcement_seven_days_before_bidding():
    w = f.world(start=timezone.now() + dt.timedelta(days=6, hours=23))
    services.lot_consign(actor=w.uni_office, lot=w.lot)
    with pytest.raises(ValidationFailed) as caught:
        services.lot_announce(actor=w.house.staff, lot=w.lot)
    assert "starts_at" in caught.value.details


def test_judicial_announcement_thirty_days_for_a_property_right():
    w = f.world(mode=LotMode.JUDICIAL)
    services.lot_consign(actor=w.uni_office, lot=w.lot)
    with pytest.raises(ValidationFailed):
        services.lot_announce(actor=w.house.staff, lot=w.lot)


def test_the_auctioneer_cannot_confirm_the_consignment_for_the_consignor():
    w = f.world()
    with pytest.raises(PermissionDenied):
        services.lot_consign(actor=w.house.staff, lot=w.lot)


def test_a_lot_cannot_be_announced_before_it_is_consigned():
    w = f.world()
    with pytest.raises(Conflict):
        services.lot_announce(actor=w.house.staff, lot=w.lot)


def test_authority_from_a_higher_app_consigns_at_once_and_is_recorded():
    house = f.auctioneer()
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    bank_officer = member_of(OrganisationFactory(kind=OrgKind.FINANCIAL), Role.BANK_OFFICER)
    lot = services.lot_create(actor=bank_officer, organiser=house.org, consignor=uni,
                              patents=[PatentFactory(owner=uni)], data=f.terms(officer=house.officer),
                              authority="质押处置协议 2026-01")
    assert lot.status == S.CONSIGNED and lot.steps.get().note == "质押处置协议 2026-01"


def test_withdrawal_after_bidding_started_is_refused():
    w = f.world()
    f.bidding(w, bidders=0)
    with pytest.raises(Conflict):
        services.lot_withdraw(actor=w.uni_office, lot=w.lot, reason="不卖了")


def test_withdrawal_refunds_paid_deposits():
    w = f.world()
    lot = f.consign_and_announce(w)
    person = f.bidder(lot)
    services.lot_withdraw(actor=w.uni_office, lot=lot, reason="不卖了")
    assert Registration.objects.get(pk=person.registration.pk).deposit_state == DepositState.REFUNDED


# ------------------------------------------------------------------------------------------- registration


def test_the_consignor_cannot_register():
    w = f.world()
    lot = f.consign_and_announce(w)
    assert _code(lambda: services.registration_create(actor=w.uni_office, lot=lot,
                                                      organisation=w.uni)) == "consignor_cannot_bid"


def test_registration_closes_when_bidding_starts():
    w = f.world()
    f.bidding(w, bidders=0)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    assert _code(lambda: services.registration_create(actor=signer_of(firm), lot=w.lot,
                                                      organisation=firm)) == "registration_closed"


def test_a_declined_deposit_leaves_the_registration_unpaid(settings):
    w = f.world(deposit=Decimal("10000.13"))
    lot = f.consign_and_announce(w)
    person = f.bidder(lot, pay=False)
    assert _code(lambda: services.deposit_pay(actor=person.user, registration=person.registration)) == \
        "payment_declined"


def test_bidder_codes_hide_the_bidders():
    w = f.world()
    people = f.bidding(w)
    codes = {p.registration.code for p in people}
    assert len(codes) == 2 and all(p.org.name not in code for p in people for code in codes)


# ------------------------------------------------------------------------------------------- bids


def test_a_first_bid_at_the_start_price_is_accepted():
    w = f.world()
    one, _ = f.bidding(w)
    services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="k1")
    assert Lot.objects.get(pk=w.lot.pk).current_price == Decimal("100000")


@pytest.mark.parametrize("amount", [Decimal("99999.99"), Decimal("100000.001")])
def test_a_first_bid_below_the_start_is_refused(amount):
    w = f.world()
    one, _ = f.bidding(w)
    assert _code(lambda: services.bid_place(actor=one.user, lot=w.lot, amount=amount,
                                            idempotency_key="k")) == "below_increment"


def test_a_bid_must_beat_the_current_price_by_the_increment():
    w = f.world()
    one, two = f.bidding(w)
    services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="a")
    assert _code(lambda: services.bid_place(actor=two.user, lot=w.lot, amount=Decimal("100999.99"),
                                            idempotency_key="b")) == "below_increment"
    services.bid_place(actor=two.user, lot=w.lot, amount=Decimal("101000"), idempotency_key="b")


def test_a_replayed_idempotency_key_is_refused_and_logged():
    w = f.world()
    one, _ = f.bidding(w)
    services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="same")
    assert _code(lambda: services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("105000"),
                                            idempotency_key="same")) == "duplicate_bid"
    assert BidRefusal.objects.get().code == "duplicate_bid"


def test_an_unpaid_bidder_is_refused():
    w = f.world()
    lot = f.consign_and_announce(w)
    unpaid = f.bidder(lot, pay=False)
    Lot.objects.filter(pk=lot.pk).update(starts_at=timezone.now() - dt.timedelta(seconds=1))
    assert _code(lambda: services.bid_place(actor=unpaid.user, lot=lot, amount=Decimal("100000"),
                                            idempotency_key="k")) == "deposit_unpaid"


def test_an_unregistered_bidder_is_refused():
    w = f.world()
    f.bidding(w)
    stranger = signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE))
    assert _code(lambda: services.bid_place(actor=stranger, lot=w.lot, amount=Decimal("100000"),
                                            idempotency_key="k")) == "not_registered"


def test_consignor_and_auctioneer_cannot_bid():
    w = f.world()
    f.bidding(w)
    for actor, code in ((w.uni_office, "consignor_cannot_bid"), (w.house.staff, "organiser_cannot_bid")):
        assert _code(lambda a=actor: services.bid_place(actor=a, lot=w.lot, amount=Decimal("100000"),
                                                        idempotency_key="k")) == code


def test_a_bid_before_bidding_opens_is_refused():
    w = f.world()
    lot = f.consign_and_announce(w)
    person = f.bidder(lot)
    assert _code(lambda: services.bid_place(actor=person.user, lot=lot, amount=Decimal("100000"),
                                            idempotency_key="k")) == "lot_not_open"


def test_every_refusal_is_recorded_with_its_bidder():
    w = f.world()
    one, _ = f.bidding(w)
    _code(lambda: services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("1"), idempotency_key="k"))
    refusal = BidRefusal.objects.get()
    assert (refusal.organisation, refusal.amount, refusal.code) == (one.org, Decimal("1"), "below_increment")


def _at_end(w, one, offset: dt.timedelta):
    end = Lot.objects.get(pk=w.lot.pk).ends_at
    return end, services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="e",
                                   now=end - offset)


def test_art20_a_bid_in_the_last_five_minutes_extends_from_that_bid():
    w = f.world()
    one, _ = f.bidding(w)
    end, bid = _at_end(w, one, dt.timedelta(minutes=4))
    assert Lot.objects.get(pk=w.lot.pk).ends_at == bid.placed_at + dt.timedelta(minutes=5) > end


def test_art20_a_bid_exactly_five_minutes_before_the_end_keeps_the_end():
    w = f.world()
    one, _ = f.bidding(w)
    end, _bid = _at_end(w, one, dt.timedelta(minutes=5))
    assert Lot.objects.get(pk=w.lot.pk).ends_at == end


def test_art20_a_bid_a_millisecond_earlier_does_not_extend():
    w = f.world()
    one, _ = f.bidding(w)
    end, _bid = _at_end(w, one, dt.timedelta(minutes=5, milliseconds=1))
    assert Lot.objects.get(pk=w.lot.pk).ends_at == end


def test_art20_a_bid_a_millisecond_before_the_end_extends_by_five_minutes():
    w = f.world()
    one, _ = f.bidding(w)
    end, bid = _at_end(w, one, dt.timedelta(milliseconds=1))
    assert Lot.objects.get(pk=w.lot.pk).ends_at == bid.placed_at + dt.timedelta(minutes=5)


def test_a_bid_at_the_end_is_refused():
    w = f.world()
    one, _ = f.bidding(w)
    end = Lot.objects.get(pk=w.lot.pk).ends_at
    assert _code(lambda: services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"),
                                            idempotency_key="k", now=end)) == "lot_closed"


# ------------------------------------------------------------------------------------------- close and after


def _sold(w, reserve_met: bool = True):
    one, two = f.bidding(w)
    services.bid_place(actor=one.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="a")
    services.bid_place(actor=two.user, lot=w.lot, amount=Decimal("120000"), idempotency_key="b")
    end = Lot.objects.get(pk=w.lot.pk).ends_at
    lot = services.lot_close(lot=w.lot, now=end)
    return lot, one, two


def test_close_before_the_end_changes_nothing():
    w = f.world()
    f.bidding(w)
    assert services.lot_close(lot=w.lot).status == S.BIDDING


def test_the_top_bid_wins_and_the_others_deposits_are_refunded():
    w = f.world()
    lot, one, two = _sold(w)
    assert (lot.status, lot.winner_id) == (S.SOLD, two.registration.pk)
    assert Registration.objects.get(pk=one.registration.pk).deposit_state == DepositState.REFUNDED
    assert Registration.objects.get(pk=two.registration.pk).deposit_state == DepositState.PAID
    assert lot.confirmation.number.startswith(f"PM-{timezone.localdate().year}-")


def test_close_is_idempotent():
    w = f.world()
    lot, _one, _two = _sold(w)
    again = services.lot_close(lot=lot, now=lot.ends_at + dt.timedelta(hours=1))
    assert again.status == S.SOLD and LotStep.objects.filter(lot=lot, to_status=S.SOLD).count() == 1


def test_art50_a_top_bid_below_the_reserve_leaves_the_lot_unsold():
    w = f.world(reserve_price=Decimal("130000"))
    lot, one, two = _sold(w)
    assert lot.status == S.UNSOLD and lot.winner_id is None
    assert set(Registration.objects.filter(lot=lot).values_list("deposit_state", flat=True)) == {"refunded"}


def _confirmed(w):
    lot, one, two = _sold(w)
    settlement.confirmation_sign(actor=w.house.staff, lot=lot)
    settlement.confirmation_sign(actor=two.user, lot=lot)
    return Lot.objects.get(pk=lot.pk), two


def test_art52_both_signatures_confirm_the_sale():
    w = f.world()
    lot, _two = _confirmed(w)
    assert lot.status == S.CONFIRMED


def test_a_loser_cannot_sign_the_confirmation():
    w = f.world()
    lot, one, _two = _sold(w)
    with pytest.raises(PermissionDenied):
        settlement.confirmation_sign(actor=one.user, lot=lot)


def test_payment_settles_into_one_deal_per_patent_split_by_share():
    w = f.world(patents=3)
    lot, two = _confirmed(w)
    received = []
    lot_settled.connect(lambda sender, **kw: received.append(kw["price"]), weak=False, dispatch_uid="t")
    try:
        deals = settlement.balance_pay(actor=two.user, lot=lot)
    finally:
        lot_settled.disconnect(dispatch_uid="t")
    assert [d.amount for d in deals] == [Decimal("39996.00"), Decimal("39996.00"), Decimal("40008.00")]
    assert {d.status for d in deals} == {DealStatus.AGREED} and all(d.counterparty == two.org for d in deals)
    assert Lot.objects.get(pk=lot.pk).status == S.SETTLED and received == [Decimal("120000")]


def test_balance_is_price_less_deposit_plus_buyers_commission():
    w = f.world(buyer_commission_rate=Decimal("2"))
    lot, _two = _confirmed(w)
    assert settlement.balance_due(lot) == Decimal("120000") - Decimal("10000") + Decimal("2400")


def test_art39_a_defaulting_buyer_forfeits_the_deposit_and_is_barred_from_the_relist():
    w = f.world()
    lot, two = _confirmed(w)
    with pytest.raises(Conflict):
        settlement.lot_default(actor=w.house.staff, lot=lot, reason="未付款")
    late = lot.payment_due_at + dt.timedelta(seconds=1)
    settlement.lot_default(actor=w.house.staff, lot=lot, reason="未付款", now=late)
    assert Registration.objects.get(pk=two.registration.pk).deposit_state == DepositState.FORFEITED
    relisted = settlement.lot_relist(actor=w.house.staff, lot=lot, data=f.terms(start_price=Decimal("100000"),
                                                                               officer=w.house.officer))
    f.consign_and_announce(type("W", (), {"uni_office": w.uni_office, "house": w.house, "lot": relisted})())
    assert _code(lambda: services.registration_create(actor=two.user, lot=relisted,
                                                      organisation=two.org)) == "defaulter_barred"


def test_art26_a_relist_may_start_at_most_20_percent_lower():
    w = f.world(reserve_price=Decimal("500000"))
    lot, _one, _two = _sold(w)
    with pytest.raises(ValidationFailed):
        settlement.lot_relist(actor=w.house.staff, lot=lot, data={"start_price": Decimal("79999"),
                                                                  "deposit": Decimal("8000")})
    relisted = settlement.lot_relist(actor=w.house.staff, lot=lot, data=f.terms(
        start_price=Decimal("80000"), deposit=Decimal("8000"), officer=w.house.officer, reserve_price=None))
    assert relisted.relist_of == lot and relisted.status == S.DRAFT


def test_the_fake_provider_refunds_its_own_charges_only():
    charge = provider().charge(amount=Decimal("10"), description="t", payer="p")
    assert provider().refund(charge.reference, Decimal("10")).succeeded
    assert not provider().refund("OTHER-1", Decimal("10")).succeeded


def test_a_tick_with_nothing_due_takes_no_lock_and_changes_nothing(django_assert_num_queries):
    w = f.world()
    f.bidding(w)
    lot = Lot.objects.get(pk=w.lot.pk)
    with django_assert_num_queries(0):
        assert services.lot_tick(lot=lot).status == S.BIDDING


def test_art48_a_viewing_open_before_the_announcement_counts_from_it():
    start = timezone.now() + dt.timedelta(days=8)
    w = f.world(start=start, viewing_starts_at=timezone.now() - dt.timedelta(days=3),
                viewing_ends_at=timezone.now() + dt.timedelta(days=1))
    services.lot_consign(actor=w.uni_office, lot=w.lot)
    with pytest.raises(ValidationFailed) as caught:
        services.lot_announce(actor=w.house.staff, lot=w.lot)
    assert "viewing_ends_at" in caught.value.details


def test_a_pledgee_disposal_lot_with_viewing_from_its_creation_can_be_announced():
    start = timezone.now() + dt.timedelta(days=8)
    w = f.world(start=start, viewing_starts_at=timezone.now(), viewing_ends_at=start)
    services.lot_consign(actor=w.uni_office, lot=w.lot)
    assert services.lot_announce(actor=w.house.staff, lot=w.lot).status == S.ANNOUNCED

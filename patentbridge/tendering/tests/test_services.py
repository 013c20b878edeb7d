"""Tenders, bids, scoring and the award: every allowed and forbidden step, and the wrong person for each act."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import product

import pytest
from django.utils import timezone, translation

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.notices.texts import render
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.tendering import selectors, services
from patentbridge.tendering.models import RegistrationStatus, TenderStatus
from patentbridge.tendering.services import STEPS
from patentbridge.tendering.tests.factories import BidFactory, RegistrationFactory, TenderFactory, registered_agency

pytestmark = pytest.mark.django_db
S = TenderStatus
PAST = dt.timedelta(days=1)


@pytest.fixture
def university():
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


@pytest.fixture
def office(university):
    return member_of(university, Role.TECH_TRANSFER_MANAGER)


@pytest.fixture
def agency():
    return registered_agency()


@pytest.fixture
def broker(agency):
    return member_of(agency, Role.AGENCY_BROKER)


@pytest.fixture
def tender(university):
    return TenderFactory(organisation=university)


def _close(tender):
    tender.bid_deadline = timezone.now() - PAST
    tender.save()
    return tender


def _publish(office, university, **overrides):
    data = {"title": "专利代理服务招标", "scope": "发明申请", "period_start": dt.date(2027, 1, 1),
            "period_end": dt.date(2027, 12, 31), "bid_deadline": timezone.now() + dt.timedelta(days=21),
            "price_weight": 30, "quality_weight": 70, **overrides}
    return services.tender_publish(actor=office, organisation=university, **data)


# publishing ---------------------------------------------------------------------------------------------------
def test_office_publishes_an_open_tender(office, university):
    assert _publish(office, university).status == S.OPEN


def test_a_deadline_sooner_than_the_procurement_laws_20_days_is_refused(office, university):
    with pytest.raises(ValidationFailed) as error:
        _publish(office, university, bid_deadline=timezone.now() + dt.timedelta(days=19))
    assert "bid_deadline" in error.value.details


def test_weights_must_add_up_to_100(office, university):
    with pytest.raises(ValidationFailed):
        _publish(office, university, price_weight=40, quality_weight=70)


def test_deadline_must_lie_ahead(office, university):
    with pytest.raises(ValidationFailed):
        _publish(office, university, bid_deadline=timezone.now() - PAST)


def test_broker_cannot_publish_a_tender(broker, university):
    with pytest.raises(PermissionDenied):
        _publish(broker, university)


def test_office_cannot_publish_for_another_university(office):
    with pytest.raises(PermissionDenied):
        _publish(office, OrganisationFactory(kind=OrgKind.UNIVERSITY))


# bidding ------------------------------------------------------------------------------------------------------
def _bid(user, tender, agency, price="90000"):
    return services.bid_submit(actor=user, tender=tender, agency=agency, price=Decimal(price), offer="两名代理师")


def test_broker_bids_for_its_agency(broker, tender, agency):
    assert _bid(broker, tender, agency).agency == agency


def test_second_bid_revises_the_first(broker, tender, agency):
    _bid(broker, tender, agency)
    _bid(broker, tender, agency, price="80000")
    assert list(tender.bids.values_list("price", flat=True)) == [Decimal("80000.00")]


def test_office_cannot_bid(office, tender, agency):
    with pytest.raises(PermissionDenied):
        _bid(office, tender, agency)


def test_broker_cannot_bid_for_another_agency(broker, tender):
    with pytest.raises(PermissionDenied):
        _bid(broker, tender, registered_agency())


def test_agency_admin_who_is_not_a_broker_cannot_bid(tender, agency):
    with pytest.raises(PermissionDenied):
        _bid(member_of(agency, Role.ORG_ADMIN), tender, agency)


def test_no_bid_after_the_deadline(broker, tender, agency):
    with pytest.raises(Conflict) as caught:
        _bid(broker, _close(tender), agency)
    assert caught.value.code == "bidding_closed"


def test_unregistered_agency_cannot_bid(tender):
    bare = OrganisationFactory(kind=OrgKind.AGENCY)
    with pytest.raises(Conflict) as caught:
        _bid(member_of(bare, Role.AGENCY_BROKER), tender, bare)
    assert caught.value.code == "no_practice_licence"


def test_suspended_agency_cannot_bid(tender):
    suspended = RegistrationFactory(status=RegistrationStatus.SUSPENDED).organisation
    with pytest.raises(Conflict):
        _bid(member_of(suspended, Role.AGENCY_BROKER), tender, suspended)


# sealed bids ----------------------------------------------------------------------------------------------------
def test_bidder_sees_only_its_own_bid(broker, tender, agency):
    _bid(broker, tender, agency)
    BidFactory(tender=tender)
    assert [b.agency for b in selectors.own_bids(broker, tender)] == [agency]


def test_other_bidder_cannot_read_scores_before_the_award(broker, tender, agency):
    _bid(broker, tender, agency)
    with pytest.raises(PermissionDenied):
        selectors.scored_bids(broker, _close(tender))


def test_office_cannot_open_the_bids_before_the_deadline(office, tender):
    BidFactory(tender=tender)
    with pytest.raises(Conflict) as caught:
        selectors.scored_bids(office, tender)
    assert caught.value.code == "bids_sealed"


def test_office_reads_scores_after_the_deadline(office, tender):
    BidFactory(tender=tender)
    assert len(selectors.scored_bids(office, _close(tender))) == 1


def test_bidder_reads_scores_after_the_award(office, broker, tender, agency):
    bid = _bid(broker, tender, agency)
    services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons="最高分")
    assert len(selectors.scored_bids(broker, tender)) == 1


def test_agency_that_did_not_bid_cannot_read_scores_after_the_award(office, tender):
    bid = BidFactory(tender=tender)
    services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons="最高分")
    outsider = member_of(registered_agency(), Role.AGENCY_BROKER)
    with pytest.raises(PermissionDenied):
        selectors.scored_bids(outsider, tender)


# scoring --------------------------------------------------------------------------------------------------------
def _record(agency_name: str, granted: int, rejected: int) -> None:
    for _ in range(granted):
        PatentFactory(agency=agency_name, legal_status=LegalStatus.IN_FORCE)
    for _ in range(rejected):
        PatentFactory(agency=agency_name, legal_status=LegalStatus.REJECTED)


def test_scoring_by_hand(tender, settings):
    settings.TENDER_MIN_DECIDED = 5
    cheap, good = registered_agency(), registered_agency()
    _record(cheap.name, 3, 2)  # 60 % granted, none invalidated: quality (60×60 + 20×100) ÷ 80 = 70
    _record(good.name, 5, 0)  # 100 % granted: quality 100
    BidFactory(tender=tender, agency=cheap, price=Decimal("80000"))
    BidFactory(tender=tender, agency=good, price=Decimal("100000"))
    scored = selectors.score_bids(tender, list(tender.bids.all()))
    # good: price 80 × 30 % + quality 100 × 70 % = 94; cheap: 100 × 30 % + 70 × 70 % = 79
    assert [(s.bid.agency, s.price_score, s.quality_score, s.total) for s in scored] == [
        (good, Decimal("80.00"), Decimal("100.00"), Decimal("94.00")),
        (cheap, Decimal("100.00"), Decimal("70.00"), Decimal("79.00"))]


def test_agency_too_little_known_scores_zero_for_quality(tender):
    bid = BidFactory(tender=tender)
    assert selectors.score_bids(tender, [bid])[0].quality_score == Decimal(0)


def test_bid_below_minimum_quality_cannot_be_awarded(office, tender):
    tender.min_quality = Decimal("50")
    bid = BidFactory(tender=tender)
    with pytest.raises(Conflict) as caught:
        services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons="最低价")
    assert caught.value.code == "below_minimum_quality"


# the award --------------------------------------------------------------------------------------------------------
def test_award_records_the_bid_and_reasons(office, tender):
    bid = BidFactory(tender=tender)
    services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons="综合得分最高")
    tender.refresh_from_db()
    assert (tender.status, tender.awarded_bid, tender.award_reasons) == (S.AWARDED, bid, "综合得分最高")


def test_award_needs_reasons(office, tender):
    bid = BidFactory(tender=tender)
    with pytest.raises(ValidationFailed):
        services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons=" ")


def test_no_award_before_the_deadline(office, tender):
    bid = BidFactory(tender=tender)
    with pytest.raises(Conflict):
        services.tender_award(actor=office, tender=tender, bid=bid, reasons="理由")


def test_agency_cannot_award(broker, tender, agency):
    bid = _bid(broker, tender, agency)
    with pytest.raises(PermissionDenied):
        services.tender_award(actor=broker, tender=_close(tender), bid=bid, reasons="理由")


def test_another_office_cannot_award(tender):
    other = member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY), Role.TECH_TRANSFER_MANAGER)
    bid = BidFactory(tender=tender)
    with pytest.raises(PermissionDenied):
        services.tender_award(actor=other, tender=_close(tender), bid=bid, reasons="理由")


def test_agency_cannot_cancel(broker, tender):
    with pytest.raises(PermissionDenied):
        services.tender_cancel(actor=broker, tender=tender, reason="理由")


def test_bidders_are_told_who_won(office, broker, tender, agency, django_capture_on_commit_callbacks):
    _bid(broker, tender, agency)
    winner = BidFactory(tender=tender)
    with django_capture_on_commit_callbacks(execute=True):
        services.tender_award(actor=office, tender=_close(tender), bid=winner, reasons="理由")
    assert Notice.objects.get(recipient=broker).params["variant"] == "tender_not_awarded"


def test_winner_is_told(office, broker, tender, agency, django_capture_on_commit_callbacks):
    bid = _bid(broker, tender, agency)
    with django_capture_on_commit_callbacks(execute=True):
        services.tender_award(actor=office, tender=_close(tender), bid=bid, reasons="理由")
    assert Notice.objects.get(recipient=broker).params["variant"] == "tender_awarded"


# the step table -------------------------------------------------------------------------------------------------
def _in_status(tender, status):
    bid = BidFactory(tender=_close(tender))
    if status == S.AWARDED:
        tender.awarded_bid = bid
    tender.status = status
    tender.save()
    return tender, bid


def _take(office, tender, bid, to):
    if to == S.AWARDED:
        return services.tender_award(actor=office, tender=tender, bid=bid, reasons="理由")
    return services.tender_cancel(actor=office, tender=tender, reason="理由")


# Steps a service can be asked to take (nothing leads back to open: see the test below).
PAIRS = list(product(S.values, [S.AWARDED, S.CANCELLED]))


def test_no_step_leads_back_to_open():
    assert [step for step in STEPS if step[1] == S.OPEN] == []


@pytest.mark.parametrize("source, target", [p for p in PAIRS if p in STEPS])
def test_allowed_step(office, tender, source, target):
    tender, bid = _in_status(tender, source)
    assert _take(office, tender, bid, target).status == target


@pytest.mark.parametrize("source, target", [p for p in PAIRS if p not in STEPS])
def test_forbidden_step(office, tender, source, target):
    tender, bid = _in_status(tender, source)
    with pytest.raises(Conflict) as caught:
        _take(office, tender, bid, target)
    assert caught.value.code == "invalid_transition"


# registration ---------------------------------------------------------------------------------------------------
def test_agency_admin_enters_its_licence():
    agency = OrganisationFactory(kind=OrgKind.AGENCY)
    admin = member_of(agency, Role.ORG_ADMIN)
    registration = services.agency_registration_save(actor=admin, agency=agency, licence_number="44243",
                                                     registered_on=dt.date(2010, 1, 1))
    assert registration.licence_number == "44243"


def test_broker_cannot_enter_the_licence(broker, agency):
    with pytest.raises(PermissionDenied):
        services.agency_registration_save(actor=broker, agency=agency, licence_number="1",
                                          registered_on=dt.date(2010, 1, 1))


def test_university_admin_cannot_register_it_as_an_agency(university):
    with pytest.raises(PermissionDenied):
        services.agency_registration_save(actor=member_of(university, Role.ORG_ADMIN), agency=university,
                                          licence_number="1", registered_on=dt.date(2010, 1, 1))


def test_losing_bidder_reads_who_won(office, broker, tender, agency, django_capture_on_commit_callbacks):
    _bid(broker, tender, agency)
    winner = BidFactory(tender=tender)
    with django_capture_on_commit_callbacks(execute=True):
        services.tender_award(actor=office, tender=_close(tender), bid=winner, reasons="理由")
    notice = Notice.objects.get(recipient=broker)
    with translation.override("en"):
        assert render(notice.kind, notice.params) == f"The tender “{tender.title}” was awarded to {winner.agency.name}."

"""Demo records: the demo broker's agency as a licensed auctioneer (the broker its certified officer), one lot of the
demo university announced and one bidding now with the demo enterprise's bid. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.auctions import rules, services
from patentbridge.auctions.models import AuctioneerLicence, AuctionOfficer, Lot
from patentbridge.orgs.models import OrgKind
from patentbridge.patents.models import LegalStatus, Patent

USERS = ("demo-broker", "demo-ttm", "demo-enterprise", "demo-admin")


def _terms(title: str, officer: AuctionOfficer, start: dt.datetime) -> dict[str, Any]:
    return {"title": title, "officer": officer, "appraisal_value": Decimal("300000"),
            "start_price": Decimal("240000"), "reserve_price": Decimal("260000"), "deposit": Decimal("24000"),
            "increment": Decimal("5000"), "viewing_starts_at": start - dt.timedelta(days=5),
            "viewing_ends_at": start - dt.timedelta(hours=1), "viewing_place": "线上资料室（演示）",
            "starts_at": start, "ends_at": start + dt.timedelta(days=2), "contract_number": "WT-DEMO-2026-01",
            "contract_signed_on": timezone.localdate(), "commission_agreed": True,
            "consignor_commission_rate": Decimal("3"), "buyer_commission_rate": Decimal("3"),
            "authority_document": "华南理工大学科技成果转化授权书（演示）"}


def _saleable(university: Any, count: int) -> list[Patent]:
    candidates = Patent.objects.filter(applicant_links__organisation=university, legal_status=LegalStatus.IN_FORCE)
    probe = Lot(consignor=university)
    found = [p for p in candidates.order_by("pk")[:50] if not rules.patent_problems(probe, [p], timezone.localdate())]
    return found[:count]


@transaction.atomic
def seed_demo(say: Callable[[str], None] = lambda _text: None) -> None:
    """The auctioneer, its licence (verified by the platform administrator), and the two lots."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERS)}
    if len(users) < len(USERS):
        return
    broker, office, buyer = users["demo-broker"], users["demo-ttm"], users["demo-enterprise"]
    house = broker.memberships.filter(organisation__kind=OrgKind.AGENCY).first().organisation
    university = office.memberships.first().organisation
    firm = buyer.memberships.filter(organisation__kind=OrgKind.ENTERPRISE).first().organisation
    if Lot.objects.filter(organiser=house).exists():
        return
    today = timezone.localdate()
    licence, _created = AuctioneerLicence.objects.get_or_create(organisation=house, defaults={
        "licence_number": "粤商拍（演示）2026-001", "issued_by": "广东省商务厅（演示）",
        "valid_from": today - dt.timedelta(days=365), "valid_until": today + dt.timedelta(days=3 * 365),
        "registered_capital": Decimal("5000000")})
    services.licence_verify(actor=users["demo-admin"], licence=licence)
    officer, _created = AuctionOfficer.objects.get_or_create(organisation=house, user=broker,
                                                             defaults={"certificate_number": "PMS-DEMO-0001"})
    patents = _saleable(university, 2)
    if len(patents) < 2:
        return
    now = timezone.now()
    for index, patent in enumerate(patents):
        lot = services.lot_create(actor=broker, organiser=house, consignor=university, patents=[patent],
                                  data=_terms(f"{patent.title}（专利权拍卖，演示）", officer, now + dt.timedelta(days=8)))
        services.lot_consign(actor=office, lot=lot)
        services.lot_announce(actor=broker, lot=lot)
        if index == 1:
            _bidding_now(lot, buyer, firm)
    say(_("Auctions: a licensed demo auctioneer, one lot announced and one bidding now."))


def _bidding_now(lot: Lot, buyer: Any, firm: Any) -> None:
    """The demo's second lot: the enterprise registers, then bidding is moved to have started an hour ago."""
    registration = services.registration_create(actor=buyer, lot=lot, organisation=firm)
    services.deposit_pay(actor=buyer, registration=registration)
    now = timezone.now()
    Lot.objects.filter(pk=lot.pk).update(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1),
                                         viewing_ends_at=now - dt.timedelta(hours=2),
                                         viewing_starts_at=now - dt.timedelta(days=4))
    services.lot_open(lot=lot)
    services.bid_place(actor=buyer, lot=lot, amount=lot.start_price, idempotency_key="demo-first-bid", now=now)

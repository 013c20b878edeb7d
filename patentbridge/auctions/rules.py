"""The rules a lot's terms must meet, each with its source (rules-round2.md §1): the auctioneer's licence and officer,
what the consignor may sell, prices, deposit, commission and the periods. Each returns the problems it finds as
{field: message}; the services raise them as one ValidationFailed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from patentbridge.auctions.models import AuctioneerLicence, AuctionOfficer, Lot, LotMode
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.rights.selectors import is_pledged, is_suspended

ANNOUNCE_DAYS = 7  # Auction Law Art 45 [V]
JUDICIAL_ANNOUNCE_DAYS = 30  # online judicial-auction rules Art 12, property rights [V]
VIEWING_DAYS = 2  # Auction Law Art 48 [V]
WINDOW_HOURS = 24  # judicial rules Art 20 [V]; the issue asks it of every lot
JUDICIAL_START_SHARE = Decimal("0.70")  # judicial rules Art 10 [V]
JUDICIAL_DEPOSIT = (Decimal("5"), Decimal("20"))  # judicial rules Art 17 [V], % of the start price
DEFAULT_COMMISSION_CAP = Decimal("5")  # Auction Law Art 56 [V], % of the hammer price, each side, when none agreed
RELIST_MAX_DROP = Decimal("0.20")  # judicial rules Art 26 [V]
JUDICIAL_RELIST_DAYS = 30  # judicial rules Art 26 [V]
LICENCE_RIGHTS = ("ordinary_licence", "sole_licence", "exclusive_licence")
RIGHTS_SOLD = ("transfer", *LICENCE_RIGHTS)


def auctioneer_problems(lot: Lot, today: dt.date) -> dict[str, str]:
    """Auction Law Art 11–16: an auction needs a licensed firm and one of its certified officers presiding; the
    exchange's bidding after a listing needs neither (Art 2–3 inference, rules-round2 §1.1 [U])."""
    if lot.mode == LotMode.EXCHANGE_BIDDING:
        return {}
    licence = AuctioneerLicence.objects.filter(organisation_id=lot.organiser_id).first()
    if licence is None or not licence.is_valid_on(today):
        return {"organiser": _("Only an auction enterprise with a verified licence valid today may run an auction "
                               "(Auction Law Art 11).")}
    officer: AuctionOfficer | None = lot.officer
    if officer is None or officer.organisation_id != lot.organiser_id or not officer.active:
        return {"officer": _("Name a certified auction officer of the auctioneer (Auction Law Art 14).")}
    return {}


def patent_problems(lot: Lot, patents: list[Patent], today: dt.date) -> dict[str, str]:
    """Auction Law Art 6, 8: the consignor holds each patent, in force, not suspended; Civil Code Art 444: a pledged
    patent needs the pledgee's consent (or a disposal authority a higher app verified)."""
    if not patents:
        return {"patents": _("A lot holds at least one patent.")}
    if len({p.pk for p in patents}) != len(patents):
        return {"patents": _("A patent appears twice in the lot.")}
    for patent in patents:
        name = patent.patent_number or patent.application_number
        if lot.consignor_id not in patent.owner_org_ids():
            return {"patents": _("The consignor does not hold %(patent)s.") % {"patent": name}}
        if patent.legal_status != LegalStatus.IN_FORCE:
            return {"patents": _("%(patent)s is not in force.") % {"patent": name}}
        if is_suspended(patent, today):
            return {"patents": _("Procedures on %(patent)s are suspended.") % {"patent": name}}
        if is_pledged(patent, today) and not (lot.pledgee_consent or lot.authority):
            return {"patents": _("%(patent)s is pledged: the pledgee must consent to its sale (Civil Code Art 444).")
                    % {"patent": name}}
    return {}


def share_problems(shares: list[Decimal]) -> dict[str, str]:
    if any(share <= 0 for share in shares) or sum(shares) != Decimal("100"):
        return {"shares": _("The items' shares of the appraisal must be above zero and add up to 100 %.")}
    return {}


def price_problems(lot: Lot) -> dict[str, str]:
    """Prices, deposit and commission (Auction Law Art 28, 56; judicial rules Art 10, 17)."""
    errors: dict[str, str] = {}
    if lot.right_kind not in RIGHTS_SOLD:
        errors["right_kind"] = _("A lot transfers the patents or grants a licence.")
    elif lot.right_kind in LICENCE_RIGHTS and not (lot.licence_starts_on and lot.licence_ends_on
                                                   and lot.licence_starts_on <= lot.licence_ends_on):
        errors["licence_ends_on"] = _("A licence needs its start and end dates, in that order.")
    floor = lot.reserve_price if lot.reserve_price is not None else lot.start_price
    if lot.state_owned and floor < lot.appraisal_value:
        errors["reserve_price"] = _("A state-owned asset's reserve (or start) price may not be below its appraisal "
                                    "(Auction Law Art 28).")
    if lot.mode == LotMode.JUDICIAL and lot.start_price < lot.appraisal_value * JUDICIAL_START_SHARE:
        errors["start_price"] = _("A judicial auction starts at 70 per cent of the appraisal or more (judicial rules Art 10).")
    low, high = (JUDICIAL_DEPOSIT if lot.mode == LotMode.JUDICIAL else
                 (Decimal(settings.AUCTION_DEPOSIT_MIN_PERCENT), Decimal(settings.AUCTION_DEPOSIT_MAX_PERCENT)))
    if not lot.start_price * low / 100 <= lot.deposit <= lot.start_price * high / 100:
        errors["deposit"] = _("The deposit must lie between %(low)s %% and %(high)s %% of the start price.") % {
            "low": low, "high": high}
    if lot.increment <= 0 or lot.start_price <= 0:
        errors["increment"] = _("The start price and the increment must be above zero.")
    if not lot.commission_agreed and max(lot.consignor_commission_rate, lot.buyer_commission_rate) > \
            DEFAULT_COMMISSION_CAP:
        errors["buyer_commission_rate"] = _("Without an agreed rate, the commission is at most 5 per cent of the hammer "
                                            "price on each side (Auction Law Art 56).")
    return errors


def period_problems(lot: Lot) -> dict[str, str]:
    """The viewing lasts 2 days or more and ends before bidding (Art 48); bidding lasts 24 hours or more."""
    errors: dict[str, str] = {}
    if lot.viewing_ends_at - lot.viewing_starts_at < dt.timedelta(days=VIEWING_DAYS) \
            and lot.mode != LotMode.EXCHANGE_BIDDING:
        errors["viewing_ends_at"] = _("The viewing lasts at least 2 days (Auction Law Art 48).")
    if lot.viewing_ends_at > lot.starts_at:
        errors["viewing_ends_at"] = _("The viewing ends before bidding starts.")
    if lot.ends_at - lot.starts_at < dt.timedelta(hours=WINDOW_HOURS):
        errors["ends_at"] = _("Bidding lasts at least 24 hours.")
    return errors


def notice_days(lot: Lot) -> int:
    if lot.mode == LotMode.JUDICIAL:
        return JUDICIAL_ANNOUNCE_DAYS
    if lot.mode == LotMode.EXCHANGE_BIDDING:
        return settings.AUCTION_EXCHANGE_NOTICE_DAYS
    return ANNOUNCE_DAYS


def announce_problems(lot: Lot, now: dt.datetime) -> dict[str, str]:
    """The announcement comes 7 days or more before bidding (Art 45; 30 for a judicial sale of a property right), and
    2 days or more of viewing follow it."""
    days = notice_days(lot)
    if lot.starts_at - now < dt.timedelta(days=days):
        return {"starts_at": _("Bidding may start only %(days)s days or more after the announcement.") % {"days": days}}
    # A viewing already open when the lot is announced counts only from the announcement (Art 48: 2 days).
    if lot.mode != LotMode.EXCHANGE_BIDDING and lot.viewing_ends_at - max(now, lot.viewing_starts_at) < \
            dt.timedelta(days=VIEWING_DAYS):
        return {"viewing_ends_at": _("The viewing lasts at least 2 days after the announcement (Auction Law Art 48).")}
    return {}


def relist_problems(old: Lot, start_price: Decimal, now: dt.datetime) -> dict[str, str]:
    """A lot that failed may come back at most 20 % lower (judicial rules Art 26; a judicial one within 30 days)."""
    if start_price < old.start_price * (1 - RELIST_MAX_DROP):
        return {"start_price": _("A relisted lot starts at most 20 % below the failed one's start price.")}
    if old.mode == LotMode.JUDICIAL and old.closed_at and now - old.closed_at > dt.timedelta(days=JUDICIAL_RELIST_DAYS):
        return {"start_price": _("A judicial lot is relisted within 30 days of the failed sale.")}
    return {}


def equal_shares(count: int) -> list[Decimal]:
    """Equal shares to the hundredth of a per cent, the remainder on the last item."""
    each = (Decimal("100") / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [each] * (count - 1) + [Decimal("100") - each * (count - 1)]


def split_by_shares(price: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """The price split by the items' shares to the fen, the remainder on the last item."""
    parts = [(price * share / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN") for share in shares[:-1]]
    return [*parts, price - sum(parts, Decimal("0"))]


def commission(price: Decimal, rate: Decimal) -> Decimal:
    return (price * rate / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def field_values(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data and data[name] is not None}

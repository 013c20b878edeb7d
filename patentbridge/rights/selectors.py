"""Reads of what binds a patent: its grants, pledges, suspensions and annual-fee status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import Capability, org_ids_with, reads_everything
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.rights.models import (
    EXCLUDING,
    OWNERSHIP,
    FeeStatus,
    Grant,
    GrantKind,
    GrantStatus,
    Pledge,
    Suspension,
)
from patentbridge.rights.rules import Clash, clash

# A suspension (IR Art 103 ownership dispute, Art 104 court preservation) and what lifts it, read from the legal
# events of imported records until CNIPA's notices are registered here; see docs/domain.md.
SUSPENSION_WORDS = ("中止", "保全", "suspen")
LIFTING_WORDS = ("恢复", "结束", "解除", "终止", "届满", "resum", "lifted", "ended", "release")
PLEDGE_WORDS = ("质押", "pledge")
PLEDGE_RELEASE_WORDS = ("注销", "解除", "release")
DUE_SOON_DAYS = 30


def binding_grants(patent: Patent) -> QuerySet[Grant]:
    return Grant.objects.filter(patent=patent, status=GrantStatus.BINDING).select_related("territory", "grantee")


def clashes(*, patent: Patent, kind: str, territory_lo: int, territory_hi: int, starts_on: date,
            ends_on: date | None, exclude: int | None = None, recorded_only: bool = False) -> list[Clash]:
    """Every reason a grant of this kind, territory and period may not bind the patent beside the grants that do
    (one of each reason). `recorded_only` reads only recorded grants (a recordation's ground 10)."""
    overlapping = Grant.objects.filter(
        patent=patent, status=GrantStatus.BINDING, territory_lo__lte=territory_hi, territory_hi__gte=territory_lo,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if recorded_only:
        overlapping = overlapping.filter(recorded_on__isnull=False)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    found: dict[str, Clash] = {}
    for other_kind, recorded_on in overlapping.values_list("kind", "recorded_on"):
        if other_kind in OWNERSHIP and recorded_on is not None:
            continue  # a registered transfer has happened; it no longer awaits
        reason = clash(kind, other_kind)
        if reason is not None:
            found.setdefault(reason.rule, reason)
    return list(found.values())


def standing_declaration(patent: Patent) -> Grant | None:
    return Grant.objects.filter(patent=patent, kind=GrantKind.OPEN_DECLARATION, status=GrantStatus.BINDING).first()


def declared_patent_ids(patent_ids: Iterable[int] | None = None) -> set[int]:
    """Patents with a standing open-licence declaration (they get the annual-fee reduction)."""
    grants = Grant.objects.filter(kind=GrantKind.OPEN_DECLARATION, status=GrantStatus.BINDING)
    if patent_ids is not None:
        grants = grants.filter(patent_id__in=list(patent_ids))
    return set(grants.values_list("patent_id", flat=True))


def exclusive_binding(patent: Patent, today: date) -> bool:
    """A signed sole or exclusive licence whose period has not ended, even one that starts later (IR Art 86(1))."""
    return Grant.objects.filter(patent=patent, kind__in=EXCLUDING, status=GrantStatus.BINDING,
                                ends_on__gte=today).exists()


# ---------------------------------------------------------------------------------------------- pledges

def pledges_registered(patent: Patent, today: date) -> QuerySet[Pledge]:
    return Pledge.objects.filter(patent=patent, registered_on__lte=today).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=today))


def _events_up_to(patent: Patent, today: date) -> QuerySet[Any]:
    """The imported legal events up to the day, oldest first (undated ones first): the last relevant one decides."""
    return patent.legal_events.filter(Q(date__lte=today) | Q(date__isnull=True)).order_by(
        F("date").asc(nulls_first=True), "pk")


def _pledged_by_events(patent: Patent, today: date) -> bool:
    pledged = False
    for event in _events_up_to(patent, today):
        text = event.description.lower()
        if any(word in text for word in PLEDGE_WORDS):
            pledged = not any(word in text for word in PLEDGE_RELEASE_WORDS)
    return pledged


def is_pledged(patent: Patent, today: date) -> bool:
    """A pledge registered here and not released, or one the imported legal events show and do not release."""
    return pledges_registered(patent, today).exists() or _pledged_by_events(patent, today)


# ---------------------------------------------------------------------------------------------- suspensions

def _suspension_effect(description: str) -> bool | None:
    """True if the event suspends the procedures, False if it lifts a suspension, None if it is about neither."""
    text = description.lower()
    about = any(w in text for w in SUSPENSION_WORDS)
    lifts = any(w in text for w in LIFTING_WORDS)
    # IR Art 103 ¶1 names the resumption "恢复有关程序"; a bare 恢复 is also IR Art 6's restoration of a right.
    if ("恢复" in text and "程序" in text) or (about and lifts):
        return False
    return True if about else None


def _suspended_by_events(patent: Patent, today: date) -> bool:
    suspended = False
    for event in _events_up_to(patent, today):
        effect = _suspension_effect(event.description)
        if effect is not None:
            suspended = effect
    return suspended


def suspensions_in_force(patent: Patent, today: date) -> QuerySet[Suspension]:
    return Suspension.objects.filter(patent=patent, started_on__lte=today).filter(
        Q(lifted_on__isnull=True) | Q(lifted_on__gt=today))


def is_suspended(patent: Patent, today: date) -> bool:
    """Procedures suspended (IR Art 103, 104): a suspension registered here and not lifted, or the latest imported
    legal event up to today that suspends or lifts them."""
    return suspensions_in_force(patent, today).exists() or _suspended_by_events(patent, today)


# ---------------------------------------------------------------------------------------------- annual fees

class FeeState(StrEnum):
    UNTRACKED = "untracked"  # no payments recorded on the platform: only the legal status speaks
    PAID = "paid"
    DUE = "due"  # the next fee falls due within DUE_SOON_DAYS
    LATE = "late"  # past its due date, within the late window (payable with a surcharge)
    LAPSED = "lapsed"  # the late window has passed, or CNIPA records the lapse


FEE_STATE_LABELS = {FeeState.UNTRACKED: _("Not tracked on the platform"), FeeState.PAID: _("Paid"),
                    FeeState.DUE: _("Due soon"), FeeState.LATE: _("Late (surcharge payable)"),
                    FeeState.LAPSED: _("Lapsed for unpaid fees")}


def fee_state(patent: Patent, today: date) -> FeeState:
    if patent.legal_status == LegalStatus.LAPSED_FEES:
        return FeeState.LAPSED
    status = FeeStatus.objects.filter(patent=patent).first()
    if status is None:
        return FeeState.UNTRACKED
    if status.next_due_on is None:
        return FeeState.PAID  # every fee of the term is paid
    if today > status.late_until:
        return FeeState.LAPSED
    if today > status.next_due_on:
        return FeeState.LATE
    return FeeState.DUE if status.next_due_on - today <= timedelta(days=DUE_SOON_DAYS) else FeeState.PAID


def annual_fee_unpaid(patent: Patent, today: date) -> bool:
    """IR Art 86(3), recordation Art 12(6): a fee past its due date is unpaid, or the patent lapsed for fees."""
    return fee_state(patent, today) in (FeeState.LATE, FeeState.LAPSED)


# ---------------------------------------------------------------------------------------------- the whole picture

@dataclass(frozen=True)
class Rights:
    grants: list[Grant]
    pledged: bool
    pledges: list[Pledge]
    suspended: bool
    suspensions: list[Suspension]
    fee_state: FeeState

    @property
    def fee_state_label(self) -> Any:
        return FEE_STATE_LABELS[self.fee_state]


def grants_visible_to(user: Any, grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """Declarations and recorded grants are public (CNIPA announces them); a signed contract not yet recorded is
    seen by its parties, the regulator and the platform only."""
    if reads_everything(user):
        return grants
    public = Q(kind=GrantKind.OPEN_DECLARATION) | Q(recorded_on__isnull=False)
    orgs = org_ids_with(user, Capability.READ)
    return grants.filter(public | Q(grantor_id__in=orgs) | Q(grantee_id__in=orgs))


def rights_of(patent: Patent, today: date, user: Any = None) -> Rights:
    """What binds the patent today, as the user may see it, for its page and API."""
    grants = list(grants_visible_to(user, binding_grants(patent).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today))).select_related("grantor"))
    pledges = list(pledges_registered(patent, today).select_related("pledgee"))
    suspensions = list(suspensions_in_force(patent, today))
    return Rights(grants=grants, pledged=bool(pledges) or _pledged_by_events(patent, today), pledges=pledges,
                  suspended=bool(suspensions) or _suspended_by_events(patent, today), suspensions=suspensions,
                  fee_state=fee_state(patent, today))


def pledge_get(pledge_id: int) -> Pledge:
    pledge = Pledge.objects.select_related("patent", "pledgee").filter(pk=pledge_id).first()
    if pledge is None:
        raise NotFound(_("No such pledge."))
    return pledge


def suspension_get(suspension_id: int) -> Suspension:
    suspension = Suspension.objects.select_related("patent").filter(pk=suspension_id).first()
    if suspension is None:
        raise NotFound(_("No such suspension."))
    return suspension


def pledges_held_by(organisation_ids: set[int]) -> QuerySet[Pledge]:
    """Pledges registered to these organisations as pledgee and not released, the soonest debt first."""
    return (Pledge.objects.filter(pledgee_id__in=organisation_ids, released_on__isnull=True)
            .select_related("patent", "pledgor").order_by(F("ends_on").asc(nulls_last=True), "pk"))

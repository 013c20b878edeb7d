"""Reads of the managers app: who may be assigned an organisation's cases, one person's profile, the office's table of
its managers with their training hours, the public directory and the regulator's figures by city and grade."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.orgs.models import Membership, Organisation, Role
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.patents.models import Industry, IpcEntry

ZERO = Decimal("0.0")
TENTH = Decimal("0.1")
UNGRADED = ""


def assignable_managers(organisation: Organisation) -> QuerySet:
    """Users who may be assigned a case of the organisation: its active members with the tech-transfer-manager role,
    with or without a profile."""
    return (get_user_model().objects.filter(is_active=True, memberships__organisation=organisation,
                                            memberships__role=Role.TECH_TRANSFER_MANAGER)
            .distinct().order_by("username"))


def profile_of(user: Any) -> ManagerProfile | None:
    if not getattr(user, "pk", None):
        return None
    return ManagerProfile.objects.filter(user_id=user.pk).select_related("organisation").first()


def training_target() -> Decimal | None:
    """The yearly hours a manager should train (our own setting, unverified; None: no target)."""
    value = settings.MANAGER_TRAINING_HOURS_TARGET
    return Decimal(str(value)) if value not in (None, "") else None


def manager_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations in which the person is a technology manager."""
    return Organisation.objects.filter(memberships__user_id=user.pk,
                                       memberships__role=Role.TECH_TRANSFER_MANAGER).distinct().order_by("pk")


def profile_or_new(user: Any, organisation: Organisation | None = None) -> ManagerProfile | None:
    """The person's profile, or an unsaved one for their (first, or the given) manager organisation; None when they
    manage for no organisation."""
    profile = profile_of(user)
    if profile is not None:
        return profile
    organisation = organisation or manager_organisations(user).first()
    if organisation is None:
        return None
    return ManagerProfile(user=user, organisation=organisation)


@dataclass
class ManagerRow:
    """One manager on the office's page."""

    user: Any
    profile: ManagerProfile | None
    hours_year: Decimal = ZERO
    hours_total: Decimal = ZERO
    below_target: bool = False

    @property
    def rank(self) -> str:
        return self.profile.rank if self.profile else UNGRADED


def _hours(profile_ids: list[int], year: int) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    rows = TrainingRecord.objects.filter(profile_id__in=profile_ids).values("profile_id").annotate(
        total=Sum("hours"), year=Sum("hours", filter=Q(taken_on__year=year)))
    # Hours are kept to one decimal; SQLite's sum drops the scale that PostgreSQL keeps.
    return ({r["profile_id"]: (r["year"] or ZERO).quantize(TENTH) for r in rows},
            {r["profile_id"]: (r["total"] or ZERO).quantize(TENTH) for r in rows})


def office_rows(organisation: Organisation, year: int | None = None) -> list[ManagerRow]:
    """The organisation's managers with their grade, expertise and training hours (the year's and in all)."""
    year = year or timezone.localdate().year
    users = list(assignable_managers(organisation))
    profiles = {p.user_id: p for p in ManagerProfile.objects.filter(user__in=users, organisation=organisation)
                .prefetch_related("industries")}
    by_year, total = _hours([p.pk for p in profiles.values()], year)
    target = training_target()
    rows = []
    for user in users:
        profile = profiles.get(user.pk)
        hours = by_year.get(profile.pk, ZERO) if profile else ZERO
        rows.append(ManagerRow(user=user, profile=profile, hours_year=hours,
                               hours_total=total.get(profile.pk, ZERO) if profile else ZERO,
                               below_target=target is not None and hours < target))
    return rows


def profile_get(viewer: Any, user_pk: int, organisation: Organisation | None = None) -> ManagerProfile:
    """A manager's profile (unsaved when they have none yet) if the viewer may read at least its public part;
    NotFound otherwise (its existence is not told)."""
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    profile = profile_or_new(user, organisation) if user is not None else None
    if profile is None or not is_allowed(viewer, Action.MANAGER_PUBLIC_VIEW, profile):
        raise NotFound(_("No such technology manager."))
    return profile


def training_of(profile: ManagerProfile) -> QuerySet[TrainingRecord]:
    if profile.pk is None:
        return TrainingRecord.objects.none()
    return profile.training.select_related("recorded_by")


def training_get(viewer: Any, pk: int) -> TrainingRecord:
    record = TrainingRecord.objects.select_related("profile").filter(pk=pk).first()
    if record is None or not is_allowed(viewer, Action.MANAGER_VIEW, record.profile):
        raise NotFound(_("No such training record."))
    return record


def _logged(value: Any) -> str:
    """A value as auditlog stored it ("None" for none)."""
    return "" if value in (None, "None") else str(value)


def rank_history(profile: ManagerProfile) -> list[dict[str, Any]]:
    """Each change of grade or certificate from the audit trail: when, by whom, from what to what."""
    if profile.pk is None:
        return []
    entries = LogEntry.objects.get_for_object(profile).select_related("actor").order_by("timestamp", "pk")
    labels = dict(Rank.choices)
    history = []
    for entry in entries:
        change = entry.changes_dict
        old, new = (labels.get(_logged(v), "") for v in (change.get("rank") or [None, None])[:2])
        cert_old, cert_new = (_logged(v) for v in (change.get("certificate_number") or [None, None])[:2])
        if old == new and cert_old == cert_new:
            continue  # created without a grade, or another field changed
        history.append({"at": entry.timestamp, "actor": entry.actor, "rank_changed": old != new, "old": old,
                        "new": new, "certificate": cert_new if cert_new != cert_old else ""})
    return history


def expertise_of(profiles: list[ManagerProfile | None]) -> dict[int, list[str]]:
    """Each saved profile's fields in words (by profile id): IPC codes with their titles, industries, free tags; in
    one query for the titles (industries are expected prefetched)."""
    saved = [p for p in profiles if p is not None and p.pk is not None]
    codes = {code for p in saved for code in p.ipc_codes}
    titles = dict(IpcEntry.objects.filter(code__in=codes).values_list("code", "title_zh")) if codes else {}
    return {p.pk: [f"{code} {titles.get(code, '')}".strip() for code in p.ipc_codes]
            + [str(i) for i in p.industries.all()] + list(p.tags) for p in saved}


def expertise_labels(profile: ManagerProfile | None) -> list[str]:
    """One profile's fields in words."""
    return expertise_of([profile]).get(getattr(profile, "pk", None), [])


def public_profiles(query: str = "") -> QuerySet[ManagerProfile]:
    """Profiles their managers chose to show, searchable by name, organisation, field or tag."""
    profiles = ManagerProfile.objects.filter(public=True, user__is_active=True).select_related("user", "organisation")
    query = (query or "").strip()
    if query:
        profiles = profiles.filter(Q(user__username__icontains=query) | Q(user__first_name__icontains=query)
                                   | Q(user__last_name__icontains=query) | Q(organisation__name__icontains=query)
                                   | Q(bio__icontains=query) | Q(tags__icontains=query)
                                   # SQLite stores JSON text with non-ASCII escaped; PostgreSQL's jsonb does not
                                   | Q(tags__icontains=json.dumps(query)[1:-1])
                                   | Q(ipc_codes__icontains=query.upper()) | Q(industries__name__icontains=query))
    return profiles.distinct().prefetch_related("industries").order_by("organisation__name", "user__username")


@dataclass
class CityRow:
    """The regulator's line for one city: managers by grade, training hours."""

    city: str
    by_rank: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    managers: int = 0
    hours_year: Decimal = ZERO
    hours_total: Decimal = ZERO

    def count(self, rank: str) -> int:
        return self.by_rank.get(rank, 0)


def overview(year: int | None = None) -> list[CityRow]:
    """Technology managers (members with the role) of every organisation by its city and grade, with their training
    hours: the year's and in all. An organisation without a city counts under "no city"."""
    year = year or timezone.localdate().year
    memberships = (Membership.objects.filter(role=Role.TECH_TRANSFER_MANAGER, user__is_active=True)
                   .values_list("user_id", "organisation_id", "organisation__city__name_zh").distinct())
    profiles = {(p.user_id, p.organisation_id): p for p in ManagerProfile.objects.only(
        "pk", "user_id", "organisation_id", "rank")}
    by_year, total = _hours([p.pk for p in profiles.values()], year)
    rows: dict[str, CityRow] = {}
    for user_id, org_id, city in memberships:
        row = rows.setdefault(city or "", CityRow(city=city or ""))
        profile = profiles.get((user_id, org_id))
        row.managers += 1
        row.by_rank[profile.rank if profile else UNGRADED] += 1
        if profile is not None:
            row.hours_year += by_year.get(profile.pk, ZERO)
            row.hours_total += total.get(profile.pk, ZERO)
    return sorted(rows.values(), key=lambda r: (r.city == "", r.city))


def industry_choices() -> QuerySet[Industry]:
    """Sections and divisions of GB/T 4754 (门类 and 大类): the level at which a person's expertise is named."""
    return Industry.objects.filter(level__in=["门类", "大类"]).order_by("code")


def ipc_choices() -> QuerySet[IpcEntry]:
    """IPC sections and classes, for naming fields of expertise."""
    return IpcEntry.objects.filter(level__in=[IpcEntry.Level.SECTION, IpcEntry.Level.CLASS]).order_by("code")

"""Reads of pledge disposal: the cases a user may see, one case, the pledges a bank may dispose of, and the
regulator's overview."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.finance.models import OPEN_STATUSES, DisposalStatus, PledgeDisposal
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import (
    ALL_CITIES,
    Action,
    Capability,
    is_allowed,
    is_platform_admin,
    org_ids_with,
    regulated_city_ids,
)
from patentbridge.rights.models import Pledge

ZERO = Decimal("0.00")


def _scope(user: Any) -> Q:
    """The parties' own cases; a regulator's cities (every city for the province); everything for the platform."""
    if is_platform_admin(user):
        return Q()
    orgs = org_ids_with(user, Capability.READ)
    own = Q(bank_id__in=orgs) | Q(pledgor_id__in=orgs)
    cities = regulated_city_ids(user)
    if cities is ALL_CITIES:
        return Q()
    return own | Q(city_id__in=cities) if cities else own


def disposals_visible(user: Any) -> QuerySet[PledgeDisposal]:
    return (PledgeDisposal.objects.filter(_scope(user))
            .select_related("pledge__patent", "bank", "pledgor", "city"))


def disposal_get(user: Any, pk: int) -> PledgeDisposal:
    """One case its reader may see; anyone else learns nothing of it (404)."""
    disposal = (PledgeDisposal.objects.select_related("pledge__patent", "bank", "pledgor", "city", "deal",
                                                      "agreed_by", "opened_by", "statement_confirmed_by")
                .filter(pk=pk).first())
    if disposal is None or not is_allowed(user, Action.DISPOSAL_VIEW, disposal):
        raise NotFound(_("No such pledge disposal."))
    return disposal


def pledges_to_dispose(user: Any) -> QuerySet[Pledge]:
    """Registered, unreleased pledges held by the banks the user commits for, with no disposal open."""
    return (Pledge.objects.filter(pledgee_id__in=org_ids_with(user, Capability.COMMIT), released_on__isnull=True)
            .exclude(disposals__status__in=[s.value for s in OPEN_STATUSES])
            .select_related("patent", "pledgor").order_by("ends_on", "pk"))


def pledge_for_disposal(user: Any, pk: int) -> Pledge:
    pledge = Pledge.objects.select_related("patent", "pledgor", "pledgee").filter(pk=pk).first()
    if pledge is None or not is_allowed(user, Action.DISPOSAL_OPEN, pledge):
        raise NotFound(_("No such pledge of yours."))
    return pledge


def open_disposal_of_patent(patent_id: int) -> PledgeDisposal | None:
    return (PledgeDisposal.objects.filter(pledge__patent_id=patent_id, status__in=[s.value for s in OPEN_STATUSES])
            .select_related("bank", "pledgor").first())


@dataclass(frozen=True)
class CityRow:
    city: str
    cases: int
    open_cases: int
    claims: Decimal
    prices: Decimal
    to_banks: Decimal
    shortfalls: Decimal


def overview(user: Any) -> list[CityRow]:
    """Per city (of the pledgor): cases, open cases, the claims, what the sales fetched, what went to the banks and
    what they did not cover."""
    cities = regulated_city_ids(user)
    rows = PledgeDisposal.objects.all()
    if cities is not ALL_CITIES and not is_platform_admin(user):
        rows = rows.filter(city_id__in=cities)
    totals = (rows.values("city_id").order_by("city_id").annotate(
        cases=Count("pk"), open_cases=Count("pk", filter=Q(status__in=[s.value for s in OPEN_STATUSES])),
        principal=Sum("principal"), interest=Sum("interest"), costs=Sum("enforcement_costs"), prices=Sum("price"),
        to_banks=Sum("bank_part"), shortfalls=Sum("shortfall")))
    names = {city.code: city.name for city in City.objects.all()}
    return [CityRow(city=names.get(row["city_id"], _("No city")), cases=row["cases"], open_cases=row["open_cases"],
                    claims=(row["principal"] or ZERO) + (row["interest"] or ZERO) + (row["costs"] or ZERO),
                    prices=row["prices"] or ZERO, to_banks=row["to_banks"] or ZERO,
                    shortfalls=row["shortfalls"] or ZERO) for row in totals]


def status_counts(rows: QuerySet[PledgeDisposal]) -> dict[str, int]:
    counts = {row["status"]: row["n"] for row in rows.order_by().values("status").annotate(n=Count("pk"))}
    return {label: counts.get(value, 0) for value, label in DisposalStatus.choices}

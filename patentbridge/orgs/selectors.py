"""Reads of organisations and cities."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext

from patentbridge.orgs.models import City, IdentityChange, IdentityChangeStatus, Membership, Organisation


class CityFinder:
    """Finds the Guangdong city named in an address or at the start of an applicant's name."""

    def __init__(self) -> None:
        cities = list(City.objects.all())
        # Longer names first so 汕头 is not mistaken inside 汕尾-like overlaps.
        self.names = sorted(((c.name_zh.removesuffix("市"), c) for c in cities), key=lambda p: -len(p[0]))

    def find(self, address: str, names: list[str] | None = None) -> City | None:
        if address:
            for short, city in self.names:
                if short in address:
                    return city
        for name in names or []:
            for short, city in self.names:
                if name.startswith(short) or name.startswith("广东省" + short):
                    return city
        return None


def _with_pending_change(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Each organisation's identity change awaiting review as `pending_changes` (a list of at most one)."""
    pending = IdentityChange.objects.filter(status=IdentityChangeStatus.PENDING)
    return queryset.prefetch_related(Prefetch("identity_changes", queryset=pending, to_attr="pending_changes"))


def organisation_list(*, kind: str = "", city: str = "", q: str = "") -> QuerySet[Organisation]:
    queryset = _with_pending_change(
        Organisation.objects.select_related("city").annotate(patent_count=Count("patent_links")))
    if kind:
        queryset = queryset.filter(kind=kind)
    if city:
        queryset = queryset.filter(city_id=city)
    if q:
        queryset = queryset.filter(name__icontains=q.strip())
    return queryset.order_by("-patent_count", "name")


def organisation_get(pk: int) -> Organisation | None:
    return Organisation.objects.select_related("city").filter(pk=pk).first()


def memberships_of_user(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("role", "user__username")


def city_or_error(code: str | None) -> City | None:
    from patentbridge.core.errors import ValidationFailed

    if not code:
        return None
    city = City.objects.filter(pk=code).first()
    if city is None:
        raise ValidationFailed(details={"city": gettext("not a Guangdong city code: %(code)s") % {"code": code}})
    return city


def identity_changes_pending() -> QuerySet[IdentityChange]:
    return (IdentityChange.objects.filter(status=IdentityChangeStatus.PENDING)
            .select_related("organisation", "requested_by", "reviewed_by").order_by("requested_at"))

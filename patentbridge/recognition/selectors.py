"""Reads of patent-intensive product recognition: the public list and notices, who sees which recognition, the
review queue, eligibility and the criteria.

Stable for other apps (kpi): `recognised(year=None, city=None)` and `recognised_output(year, city=None)`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import (
    Capability,
    org_ids_with,
    product_filer_org_ids,
    reads_everything,
)
from patentbridge.patents.models import Industry
from patentbridge.products import selectors as products_selectors
from patentbridge.products.models import Product, ProductStatus, ProductYear
from patentbridge.products.selectors import product_checks
from patentbridge.recognition import assessment
from patentbridge.recognition.models import (
    Criterion,
    Objection,
    ObjectionStatus,
    Recognition,
    RecognitionSettings,
    RecognitionStatus,
)

# Shown to everyone, signed in or not: in public notice, recognised, and lapsed at a re-check.
PUBLIC_STATUSES = (RecognitionStatus.IN_NOTICE, RecognitionStatus.RECOGNISED, RecognitionStatus.LAPSED)
FIRST_YEAR = 2023  # recognition runs yearly from 2023 (rules.md §7)


def recognised(year: int | None = None, city: str | None = None) -> QuerySet[Recognition]:
    """Recognitions standing as recognised, optionally of one recognition year and of filers in one city (GB/T 2260
    code of the filer organisation's city). Stable signature: the KPI dashboard counts and drills down with it."""
    items = Recognition.objects.filter(status=RecognitionStatus.RECOGNISED)
    if year is not None:
        items = items.filter(year=year)
    if city:
        items = items.filter(product__filer__city_id=city)
    return items.select_related("product__filer__city", "product__industry", "data")


def recognised_output(year: int, city: str | None = None) -> Decimal:
    """Σ output (yuan) of the data year of the products recognised for `year` (optionally filers in one city): the
    target "output of recognised patent-intensive products". Stable signature, used by the KPI dashboard."""
    total = recognised(year, city).aggregate(total=Coalesce(Sum("data__output"), Decimal("0")))["total"]
    return Decimal(total)


def public_list(*, year: int | None = None, industry: str | None = None,
                city: str | None = None) -> QuerySet[Recognition]:
    """The public list of recognised products, filtered by recognition year, GB/T 4754 industry (code, any level
    prefix) and filer's city."""
    items = recognised(year, city)
    if industry:
        items = items.filter(product__industry__code__startswith=industry)
    return items.order_by("-year", "product__name", "pk")


def in_notice() -> QuerySet[Recognition]:
    """The recognitions now in public notice."""
    return (Recognition.objects.filter(status=RecognitionStatus.IN_NOTICE)
            .select_related("product__filer__city", "product__industry", "data").order_by("notice_until", "pk"))


def industries_listed() -> QuerySet[Industry]:
    """The GB/T 4754 divisions (大类) of the recognised products, for the public list's filter."""
    codes = {code[:2] for code in recognised().values_list("product__industry__code", flat=True)}
    return Industry.objects.filter(code__in=codes).order_by("code")


def years_listed() -> list[int]:
    return sorted(set(recognised().values_list("year", flat=True)), reverse=True)


def visible_to(user: Any) -> QuerySet[Recognition]:
    """The recognitions a person may open: public ones, their filers' own, every one for regulators and admins."""
    items = Recognition.objects.select_related("product__filer__city", "product__industry", "data")
    if reads_everything(user):
        return items
    own = org_ids_with(user, Capability.READ)
    return items.filter(Q(status__in=PUBLIC_STATUSES) | Q(product__filer_id__in=own))


def recognition_get(user: Any, recognition_id: int) -> Recognition:
    found = visible_to(user).filter(pk=recognition_id).first()
    if found is None:
        raise NotFound(_("No such recognition."))
    return found


def sees_filing(user: Any, recognition: Recognition) -> bool:
    """Whether the person reads the filing's figures and the assessment: its filer's members, regulators, admins."""
    return reads_everything(user) or recognition.product.filer_id in org_ids_with(user, Capability.READ)


def assessment_of(recognition: Recognition) -> list[dict[str, Any]]:
    """The criteria as frozen at the decision; before one, as they stand now."""
    if recognition.decided_at is not None:
        return list(recognition.assessment)
    return assessment.assess(recognition.product, recognition.data, criteria())


def recognition_page(recognition: Recognition) -> str:
    return reverse("recognition:detail", args=[recognition.pk])


def applications_of(user: Any) -> QuerySet[Recognition]:
    """The recognitions of the products the user's organisations filed."""
    return visible_to(user).filter(product__filer_id__in=org_ids_with(user, Capability.READ)).order_by("-year", "-pk")


def products_to_apply(user: Any) -> QuerySet[Product]:
    """The filed products for which the user may apply."""
    filers = product_filer_org_ids(user) & org_ids_with(user, Capability.PROPOSE)
    return Product.objects.filter(filer_id__in=filers, status=ProductStatus.FILED).order_by("name", "pk")


def review_queue() -> QuerySet[Recognition]:
    """What awaits a regulator: applications, and recognitions in notice (with their open objections counted)."""
    return (Recognition.objects.filter(status__in=(RecognitionStatus.APPLIED, RecognitionStatus.IN_NOTICE))
            .select_related("product__filer", "data")
            .annotate(open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
            .order_by("status", "applied_at", "pk"))


def objections_of(recognition: Recognition) -> QuerySet[Objection]:
    return recognition.objections.select_related("recorded_by", "resolved_by")


def has_open_objection(recognition: Recognition) -> bool:
    return recognition.objections.filter(status=ObjectionStatus.OPEN).exists()


def criteria() -> QuerySet[Criterion]:
    return Criterion.objects.select_related("updated_by")


def criteria_unset() -> bool:
    """Whether any active criterion still lacks its threshold (the pages say so)."""
    return Criterion.objects.filter(active=True, threshold__isnull=True).exists()


def recognition_settings() -> RecognitionSettings:
    found, _created = RecognitionSettings.objects.get_or_create(pk=1)
    return found


def data_year_of(product: Product, recognition_year: int) -> ProductYear | None:
    """The data a recognition for the year is judged on: the previous calendar year's, reported in its first
    quarter."""
    return product.years.filter(year=recognition_year - 1).first()


def patents_still_held(product: Product) -> bool:
    """Whether at least one linked patent is in force and still held by the filer today (the products app's check)."""
    return any(check.ok for check in product_checks(product))


def recognition_eligibility(product: Product, recognition_year: int) -> tuple[bool, list[str]]:
    """rules-round2 §7: whether the product may take part in the year's recognition, and every reason why not —
    the products app's rule (filed, no revocation pending; the previous year's data reported on time and not
    awaiting review; a linked patent in force and held)."""
    return products_selectors.recognition_eligibility(product, recognition_year)

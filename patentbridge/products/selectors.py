"""Reads of product filings: who sees which, the clerk's queue, the public list, the yearly update's state, and
whether a product may take part in a year's recognition (`recognition_eligibility`, called by the recognition
app: keep its signature)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import Capability, org_ids_with, product_filer_org_ids, reads_everything
from patentbridge.products import conf
from patentbridge.products.checks import check_patent
from patentbridge.products.models import Product, ProductPatent, ProductStatus, ProductStep, ProductYear


def _products() -> QuerySet[Product]:
    links = Prefetch("patent_links", queryset=ProductPatent.objects.select_related("patent", "grant"))
    return Product.objects.select_related("filer", "industry").prefetch_related(links, "years")


def products_visible_to(user: Any) -> QuerySet[Product]:
    """Filings the user may read with their economic data: their organisations', or all for the regulator."""
    if reads_everything(user):
        return _products()
    return _products().filter(filer_id__in=org_ids_with(user, Capability.READ))


def product_get(user: Any, product_id: int) -> Product:
    product = products_visible_to(user).filter(pk=product_id).first()
    if product is None:
        raise NotFound(_("No such product, or not yours to see."))
    return product


def own_products(user: Any) -> QuerySet[Product]:
    """The products of the organisations the user files for."""
    return _products().filter(filer_id__in=product_filer_org_ids(user))


def review_queue() -> QuerySet[Product]:
    """What waits for the clerk: filings submitted for review, applications to revoke, flagged yearly figures."""
    flagged = ProductYear.objects.filter(product=OuterRef("pk"), needs_review=True)
    return (_products().annotate(has_flagged=Exists(flagged))
            .filter(Q(status=ProductStatus.SUBMITTED) | Q(status=ProductStatus.FILED, revoke_requested_at__isnull=False)
                    | Q(has_flagged=True))
            .order_by("submitted_at", "pk"))


def public_filed(query: str = "") -> QuerySet[Product]:
    """Filed products for everyone: name, filer, industry, number (the economic data stay with the filer)."""
    products = (Product.objects.filter(status=ProductStatus.FILED).select_related("filer", "industry")
                .only("name", "model", "filing_number", "filed_on", "filer__name", "industry__code", "industry__name")
                .order_by("-filed_on", "-pk"))
    if query.strip():
        text = query.strip()
        products = products.filter(Q(name__icontains=text) | Q(filer__name__icontains=text)
                                   | Q(filing_number__icontains=text) | Q(industry__code__startswith=text))
    return products


def product_history(product: Product) -> list[ProductStep]:
    return list(ProductStep.objects.filter(product=product).select_related("actor"))


def product_checks(product: Product, today: dt.date | None = None) -> list[Any]:
    """Each linked patent checked again as of today (what the clerk and the product page show)."""
    today = today or timezone.localdate()
    return [check_patent(link.patent, product.filer_id, today)
            for link in product.patent_links.select_related("patent").prefetch_related("patent__applicant_links")]


@dataclass
class UpdateState:
    """Where a filed product stands with the first-quarter update of last year's data."""

    year: int  # the data year due
    opens: dt.date
    closes: dt.date
    reported: ProductYear | None

    @property
    def late(self) -> bool:
        return self.reported is not None and not self.reported.on_time

    def missed(self, today: dt.date) -> bool:
        """The window has closed without a report (a late one may still come, but does not count)."""
        return today > self.closes and (self.reported is None or not self.reported.on_time)

    def open_now(self, today: dt.date) -> bool:
        return self.opens <= today <= self.closes


def update_state(product: Product, today: dt.date | None = None) -> UpdateState:
    """The update of the data for last year (due in this year's window)."""
    today = today or timezone.localdate()
    year = today.year - 1
    opens, closes = conf.update_window(year)
    reported = next((row for row in product.years.all() if row.year == year), None)
    return UpdateState(year, opens, closes, reported)


def recognition_eligibility(product: Product, recognition_year: int) -> tuple[bool, list[str]]:
    """Whether the product may take part in `recognition_year`'s patent-intensive-product recognition, and every
    reason why not (rules-round2.md §7: filed, updated in that year's first quarter, a linked patent valid and
    held). Eligible when all hold:
    1. the product's status is filed (not awaiting review, returned, refused or revoked) and no revocation is
       pending;
    2. its data for the year before (`recognition_year - 1`) are reported and were on time (by the end of the
       update window, PRODUCT_UPDATE_WINDOW; data given with the filing itself count as on time);
    3. those data are not flagged and awaiting the clerk's review;
    4. at least one linked patent is in force and held by the filer (own, licensed, transferred in) today.
    Reasons are sentences in the active language."""
    reasons: list[str] = []
    if product.status != ProductStatus.FILED:
        reasons.append(_("The product is not filed (it is “%(status)s”).") % {"status": product.get_status_display()})
    elif product.revoke_requested_at is not None:
        reasons.append(_("The filer has applied to revoke the product."))
    data_year = recognition_year - 1
    row = ProductYear.objects.filter(product=product, year=data_year).first()
    if row is None:
        reasons.append(_("No data reported for %(year)s.") % {"year": data_year})
    elif not row.on_time:
        reasons.append(_("The data for %(year)s came after the update deadline (%(deadline)s).")
                       % {"year": data_year, "deadline": conf.update_window(data_year)[1].isoformat()})
    elif row.needs_review:
        reasons.append(_("The data for %(year)s are flagged and await the clerk's review.") % {"year": data_year})
    if not any(check.ok for check in product_checks(product)):
        reasons.append(_("No linked patent is in force and held by the filer."))
    return not reasons, reasons

"""Demo records for the product pages: the demo enterprise files two products from its own (and licensed) patents;
the demo regulator files the first, the second waits in the clerk's queue. Call `seed_demo(...)` from the demo
setup after the patents and the enterprise's open licence exist; it does nothing when the enterprise has products."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.products import services
from patentbridge.products.checks import check_patent
from patentbridge.products.models import Product, ProductStatus


def _usable(enterprise: Organisation, limit: int) -> list[str]:
    today = timezone.localdate()
    candidates = Patent.objects.filter(legal_status=LegalStatus.IN_FORCE).filter(
        applicant_links__organisation=enterprise) | Patent.objects.filter(
        legal_status=LegalStatus.IN_FORCE, grants__grantee=enterprise)
    numbers = [p.lookup_number for p in candidates.distinct().order_by("pk")[:limit * 3]
               if check_patent(p, enterprise.pk, today).ok]
    return numbers[:limit]


@transaction.atomic
def seed_demo(*, enterprise: Organisation, enterprise_user: Any, regulator_user: Any) -> list[Product]:
    """Two products of the demo enterprise, one filed and one awaiting review (skipped when it has products)."""
    if Product.objects.filter(filer=enterprise).exists():
        return []
    numbers = _usable(enterprise, 4)
    if len(numbers) < 2:
        return []
    year = timezone.localdate().year - 1
    figures = {"year": year, "sales": "86000000", "output": "91000000", "exports": "12000000", "profit": "9500000",
               "ip_input": "3200000", "patent_share": "35"}
    first = services.product_file(actor=enterprise_user, filer=enterprise, patents=numbers[:2], year_data=figures,
                                  data={"name": "交互智能平板", "model": "MAXHUB V6", "category": "显示设备",
                                        "industry": "3969", "launched_on": "2021-09-01",
                                        "description": "会议与教学用交互智能平板"})
    services.product_review(actor=regulator_user, product=first, decision=ProductStatus.FILED,
                            reason="材料齐全，专利核验通过")
    second = services.product_file(actor=enterprise_user, filer=enterprise, patents=numbers[2:] or numbers[:1],
                                   year_data={**figures, "sales": "5200000", "output": "5600000", "exports": "0",
                                              "profit": "600000", "ip_input": "200000"},
                                   data={"name": "虚拟现实一体机", "model": "VR-1", "category": "智能穿戴设备",
                                         "industry": "3961", "launched_on": "2023-03-15"})
    return [first, second]

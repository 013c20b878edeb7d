"""Demo accounts for the industry statistics: invented figures for Guangzhou, each row saying so in its source."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from patentbridge.monitoring.models import Account, RegionalGdp

DEMO_SOURCE = "演示数据（Demo）：虚构数字，仅供试用，不是统计数据"
GUANGZHOU = "440100"
# code → (employees, compensation, net production taxes, depreciation, operating surplus), RMB 10,000
DEMO_ROWS = {
    "PA01": (182000, "2650000", "410000", "530000", "880000"),
    "PA02": (240000, "3920000", "520000", "310000", "1460000"),
    "PA301": (56000, "640000", "95000", "150000", "210000"),
    "PA302": (None, "480000", "70000", "120000", "-35000"),
}


@transaction.atomic
def seed_demo(say: Callable[[str], None] = print, year: int | None = None) -> int:
    """Guangzhou's rows for last year (or `year`) and its GDP, replaced on each run; returns the rows."""
    year = year or timezone.localdate().year - 1
    for code, (employees, *amounts) in DEMO_ROWS.items():
        values = dict(zip(("compensation", "net_taxes", "depreciation", "surplus"), map(Decimal, amounts), strict=True))
        Account.objects.update_or_create(category_id=code, industry=None, city_id=GUANGZHOU, year=year,
                                         defaults={"employees": employees, "source": DEMO_SOURCE, **values})
    RegionalGdp.objects.update_or_create(city_id=GUANGZHOU, year=year,
                                         defaults={"gdp": Decimal("310000000"), "source": DEMO_SOURCE})
    say(f"industry statistics: {len(DEMO_ROWS)} demo accounts and GDP of Guangzhou for {year}")
    return len(DEMO_ROWS)

"""Demo records: one open tender of the demo university's office for patent-agency services, so that agencies (the
demo broker's) find something to bid for on a fresh demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.orgs.models import Organisation
from patentbridge.tendering import services
from patentbridge.tendering.models import Tender

DEMO_TENDER = {
    "title": "发明专利申请代理服务（演示）",
    "scope": "本校下一年度发明专利申请的撰写与代理，含答复审查意见；按质量评分与报价综合评审（演示数据）。",
}


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, university: Organisation, office: str = "demo-ttm") -> None:
    """Publish the tender through the service once, with its deadline 30 days ahead."""
    user = get_user_model().objects.filter(username=office).first()
    if user is None or Tender.objects.filter(organisation=university).exists():
        return
    now = timezone.now()
    next_year = timezone.localdate().year + 1
    services.tender_publish(actor=user, organisation=university, period_start=dt.date(next_year, 1, 1),
                            period_end=dt.date(next_year, 12, 31), bid_deadline=now + dt.timedelta(days=30),
                            price_weight=30, quality_weight=70, **DEMO_TENDER)
    say(_("Agency tenders: one open tender of the demo university."))

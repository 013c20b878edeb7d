"""Demo records: one published typical case told of the demo office's first completed conversion, if it has one."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.orgs.permissions import typical_case_office_org_ids
from patentbridge.typical_cases import selectors, services

DEMO_TEXT = {
    "title": "高校专利许可本地企业实现量产",
    "summary": "高校专利经平台许可给本地企业，一年内完成样机并量产上市。",
    "background": "企业在产品升级中遇到技术难题，在平台需求匹配中找到了高校的这项专利。",
    "approach": "技术转移办公室组织评估和定价，双方在平台上完成合同签订与备案，发明人团队驻厂指导工程化。",
    "outcome": "新产品上市，带动销售和就业。（演示数据）",
    "lessons": "价格公开、流程透明、发明人参与工程化，是高校专利快速落地的关键。",
    "counterparty_alias": "广州某企业",
}


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, office: str = "demo-ttm", regulator: str = "demo-regulator") -> None:
    """Draft, submit and publish one case through the services, as the demo office and the demo regulator."""
    users = get_user_model().objects.filter(username__in=[office, regulator]).in_bulk(field_name="username")
    if len(users) < 2:
        say(_("Typical cases: the demo accounts are missing; none created."))
        return
    offices = typical_case_office_org_ids(users[office])
    deal = selectors.converted_deals(offices).first()
    licence = None if deal else selectors.taken_open_licences(offices).first()
    if deal is None and licence is None:
        say(_("Typical cases: the demo office has no completed conversion yet; none created."))
        return
    case = services.typical_case_draft(actor=users[office], deal=deal, open_licence=licence, data=DEMO_TEXT)
    case = services.typical_case_submit(actor=users[office], case=case)
    services.typical_case_publish(actor=users[regulator], case=case)
    say(_("Typical cases: one published."))

"""Small builders for casework: an institution with its office, a manager and an inventor; a disclosed case, moved
as far as a test needs through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from patentbridge.casework import services
from patentbridge.casework.models import CaseRoute, TechnologyCase
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import application_number

FILED_NUMBER = application_number(12345, 2023)  # as the register stores it: digits, a dot, the check character


def institution(kind: str = OrgKind.UNIVERSITY) -> SimpleNamespace:
    """An institution with its office (a tech-transfer manager), a second manager, an admin and an inventor."""
    org = OrganisationFactory(kind=kind)
    return SimpleNamespace(org=org, office=member_of(org, Role.TECH_TRANSFER_MANAGER),
                           manager=member_of(org, Role.TECH_TRANSFER_MANAGER), admin=member_of(org, Role.ORG_ADMIN),
                           inventor=member_of(org, Role.INVENTOR))


def disclosed(uni: SimpleNamespace, title: str = "一种压缩机减振降噪装置", **fields) -> TechnologyCase:
    """A case disclosed by the inventor alone (100 %)."""
    values = {"problem": "压缩机振动噪音大", "solution": "弹性支座与隔振垫", "advantages": "噪音降低 10 分贝",
              "inventors": [services.InventorLine(uni.inventor.username, Decimal("100"))], **fields}
    return services.disclosure_create(actor=uni.inventor, organisation=uni.org, title=title, **values)


def assigned(uni: SimpleNamespace, **fields) -> TechnologyCase:
    case = disclosed(uni, **fields)
    return services.manager_assign(actor=uni.office, case=case, manager=uni.manager)


def assessed(uni: SimpleNamespace, route: str = CaseRoute.FILE, **fields) -> TechnologyCase:
    case = assigned(uni, **fields)
    services.assessment_record(actor=uni.manager, case=case, route=route, reasons="新颖性尚可，市场明确")
    return TechnologyCase.objects.get(pk=case.pk)


def filing_decided(uni: SimpleNamespace, **fields) -> TechnologyCase:
    case = assessed(uni, **fields)
    return services.case_decide(actor=uni.office, case=case, route=CaseRoute.FILE, reasons="申请发明专利")


def filed(uni: SimpleNamespace, number: str | None = None, **fields) -> TechnologyCase:
    case = filing_decided(uni, **fields)
    return services.application_enter(actor=uni.office, case=case, number=number or FILED_NUMBER,
                                      filed_on=dt.date(2024, 3, 1))

"""Demo records: two technology cases of the demo university — one disclosed by the demo inventor and waiting for its
assessment, and one decided, filed and linked to a patent the university already holds in the register, so that its
timeline shows the pool, deals and revenue records of that patent. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from patentbridge.casework import services
from patentbridge.casework.models import CasePatent, CaseRoute, Disclosure, Stage
from patentbridge.orgs.permissions import discloser_org_ids
from patentbridge.patents.models import Patent

WAITING = {"title": "一种基于声学超材料的低频降噪结构", "problem": "空调压缩机低频噪声难以被传统多孔材料吸收。",
           "solution": "以亥姆霍兹共振腔阵列构成的超材料面板，腔体尺寸按目标频段梯度排列。",
           "advantages": "100–500 Hz 降噪约 10 dB，厚度仅 3 cm。（演示数据）",
           "funding_source": "fiscal", "project_number": "演示-2026-001"}
# The outside co-inventor, the same person whose erasure request (by letter) waits on the privacy officer's desk in
# the demo (privacy/demo.py).
OUTSIDE_INVENTOR = "王晓红（演示）"
FILED = {"title": "演示：已申请并转化的技术", "problem": "（演示数据）见关联专利。", "solution": "（演示数据）见关联专利。",
         "funding_source": "enterprise", "project_number": "演示-2024-017"}


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, inventor: str = "demo-inventor", office: str = "demo-ttm") -> None:
    """Disclose, assign, assess, decide and file through the services, as the demo inventor and the demo office."""
    users = get_user_model().objects.filter(username__in=[inventor, office]).in_bulk(field_name="username")
    if len(users) < 2:
        say(_("Casework: the demo accounts are missing; no cases created."))
        return
    organisation = users[inventor].memberships.filter(organisation_id__in=discloser_org_ids(users[inventor])).first()
    if organisation is None:
        say(_("Casework: the demo inventor has no university; no cases created."))
        return
    organisation = organisation.organisation
    if Disclosure.objects.filter(organisation=organisation, title=WAITING["title"]).exists():  # seeded before
        return
    lines = [services.InventorLine(inventor, Decimal("70")), services.InventorLine(OUTSIDE_INVENTOR, Decimal("30"))]
    waiting = services.disclosure_create(actor=users[inventor], organisation=organisation, inventors=lines, **WAITING)
    services.manager_assign(actor=users[office], case=waiting, manager=users[office])
    _filed_case(users[inventor], users[office], organisation, lines)
    say(_("Casework: two demo technology cases."))


def _filed_case(inventor, office, organisation, lines) -> None:  # noqa: ANN001 - users and an Organisation
    patent = (Patent.objects.filter(applicant_links__organisation=organisation, technology_case_link__isnull=True)
              .exclude(application_number=None).order_by(F("deals__amount").desc(nulls_last=True), "pk").first())
    if patent is None or CasePatent.objects.filter(patent=patent).exists():
        return
    case = services.disclosure_create(actor=inventor, organisation=organisation, inventors=lines,
                                      **{**FILED, "title": patent.title[:300] or FILED["title"]})
    services.manager_assign(actor=office, case=case, manager=office)
    services.assessment_record(actor=office, case=case, route=CaseRoute.FILE, reasons=_("Novel over the nearest patents; "
                                                                                  "enterprises in the field ask for it."))
    case = services.case_decide(actor=office, case=case, route=CaseRoute.FILE, reasons=_("File an invention application."))
    if case.stage != Stage.FILING_DECIDED:  # the committee's policy holds it: the demo leaves it before the committee
        return
    filed_on = patent.application_date or dt.date(2020, 1, 1)
    services.application_enter(actor=office, case=case, number=patent.application_number, filed_on=filed_on)

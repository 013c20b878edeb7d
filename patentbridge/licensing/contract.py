"""The open-licence contract as a PDF, its CJK font embedded so that it prints the same on every machine."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from patentbridge.core.pdf import BODY, TITLE
from patentbridge.licensing.models import OpenLicence


def contract_clauses(licence: OpenLicence) -> list[tuple[str, str]]:
    """The numbered clauses (label, text), dates in China time like the pages."""
    declaration = licence.declaration
    patent = declaration.patent
    payment = licence.payments.filter(status="succeeded").order_by("-pk").first()
    return [
        ("许可方（专利权人）", declaration.organisation.name),
        ("被许可方", licence.licensee.name),
        ("专利", f"{patent.title}；专利号 {patent.patent_number}；申请日 {patent.application_date:%Y-%m-%d}；"
                 f"授权公告日 {patent.grant_date:%Y-%m-%d}" if patent.grant_date and patent.application_date
         else f"{patent.title}；专利号 {patent.patent_number}"),
        ("许可种类", "开放许可（普通许可），依据《专利法》第五十条、第五十一条"),
        ("许可期限", f"{licence.starts_on:%Y-%m-%d} 至 {licence.ends_on:%Y-%m-%d}（不超过专利权期限）"),
        ("许可使用费及支付方式", declaration.fee_terms or "—"),
        ("已支付", f"{payment.amount} 元，支付凭证 {payment.reference}" if payment else "—"),
        ("其他事项", declaration.other_terms or "—"),
        ("开放许可声明日期", f"{declaration.declared_on:%Y-%m-%d}"),
        ("被许可方书面通知", f"{timezone.localtime(licence.noticed_at):%Y-%m-%d %H:%M}：{licence.notice}"),
        ("备案", "许可方或被许可方应自本许可生效之日起三个月内向国家知识产权局办理备案（专利法实施细则第八十七条）。"),
    ]


def contract_pdf(licence: OpenLicence) -> bytes:
    clauses = contract_clauses(licence)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title="专利开放许可合同", author="PatentBridge")
    story = [Paragraph("专利开放许可合同", TITLE),
             Paragraph(f"合同编号 OL-{licence.pk:06d}（由 PatentBridge 专利转化运用平台生成）", BODY), Spacer(1, 6)]
    for number, (label, text) in enumerate(clauses, start=1):
        story.append(Paragraph(f"{number}. {escape(label)}：{escape(str(text))}", BODY))
        story.append(Spacer(1, 3))
    story += [Spacer(1, 18), Paragraph("许可方（盖章）：______________　　被许可方（盖章）：______________", BODY)]
    document.build(story)
    return buffer.getvalue()

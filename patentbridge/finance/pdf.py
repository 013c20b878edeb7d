"""The confirmed settlement statement as a PDF (reportlab with the embedded CJK font of core/pdf.py), in Chinese
like the platform's other documents."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from patentbridge.core.calculation import yuan
from patentbridge.core.pdf import BODY, TITLE
from patentbridge.finance.models import PledgeDisposal
from patentbridge.finance.statement import frozen


def _rows(disposal: PledgeDisposal) -> list[tuple[str, str]]:
    pledge, patent = disposal.pledge, disposal.pledge.patent
    return [("处置编号", disposal.number), ("质权人", disposal.bank.name), ("出质人", disposal.pledgor.name),
            ("债务人", disposal.debtor_name or disposal.pledgor.name),
            ("质押专利", f"{patent.title}；{patent.patent_number or patent.application_number}"),
            ("质押登记号", pledge.registration_number), ("违约日期", f"{disposal.defaulted_on:%Y-%m-%d}"),
            ("成交价款", f"{yuan(disposal.price)} 元"),
            ("确认时间", f"{timezone.localtime(disposal.statement_confirmed_at):%Y-%m-%d %H:%M}")]


def statement_pdf(disposal: PledgeDisposal) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title="质押专利处置价款分配表", author="PatentBridge")
    story = [Paragraph("质押专利处置价款分配表", TITLE), Spacer(1, 6)]
    for label, text in _rows(disposal):
        story += [Paragraph(f"{escape(label)}：{escape(text)}", BODY), Spacer(1, 3)]
    story.append(Spacer(1, 8))
    with translation.override("zh-hans"):
        for step in frozen(disposal).steps:
            story += [Paragraph(f"{escape(step.text())}：{yuan(step.amount)} 元", BODY), Spacer(1, 3)]
    story += [Spacer(1, 12), Paragraph("本表由 PatentBridge 专利转化运用平台依质权人确认的数据生成。"
                                       "处置价款先支付处置费用，再由质权人在担保范围内优先受偿，余款归出质人；"
                                       "不足部分为债务人的无担保债务。", BODY)]
    document.build(story)
    return buffer.getvalue()

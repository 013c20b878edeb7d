"""The technology-contract registration certificate as a PDF (like the open-licence contract: reportlab with the
embedded CJK font of core/pdf.py). It restates what a party entered from the
registering office's certificate, which governs."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from patentbridge.core.errors import Conflict
from patentbridge.core.pdf import BODY, TITLE
from patentbridge.recordation.models import ContractStatus, TechContractRegistration, TechContractType

TYPES_ZH = {TechContractType.DEVELOPMENT: "技术开发合同", TechContractType.TRANSFER: "技术转让合同",
            TechContractType.LICENCE: "技术许可合同", TechContractType.CONSULTING: "技术咨询合同",
            TechContractType.SERVICE: "技术服务合同"}
STATUS_ZH = {ContractStatus.COUNTED: "已登记", ContractStatus.HELD: "已登记（待监管部门核实金额）",
             ContractStatus.REJECTED: "已登记（金额未获监管部门认可，不计入统计）", ContractStatus.CANCELLED: "已注销"}


def _rows(contract: TechContractRegistration) -> list[tuple[str, str]]:
    patent = contract.patent
    rows = [
        ("登记号", contract.registration_number or "—"),
        ("登记机构所在地", contract.city.name_zh if contract.city_id else "—"),
        ("登记日期", f"{contract.registered_on:%Y-%m-%d}"),
        ("合同类型", TYPES_ZH.get(contract.contract_type, contract.contract_type)),
        ("项目名称", contract.subject or "—"),
        ("卖方（技术方）", contract.seller.name),
        ("买方", contract.buyer.name),
        ("涉及专利", f"{patent.title}；{patent.patent_number or patent.application_number}" if patent else "无"),
        ("合同签订日期", f"{contract.signed_on:%Y-%m-%d}" if contract.signed_on else "—"),
        ("合同成交额", f"{contract.contract_amount:,.2f} 元"),
        ("技术交易额", f"{contract.technology_amount:,.2f} 元"),
    ]
    if contract.royalties_received:
        rows.append(("其中已收提成", f"{contract.royalties_received:,.2f} 元"))
    rows.append(("状态", STATUS_ZH.get(contract.status, contract.status)))
    if contract.status == ContractStatus.CANCELLED:
        rows.append(("注销", f"{contract.cancelled_on:%Y-%m-%d}：{contract.cancellation_reason}"))
    return rows


def certificate_pdf(contract: TechContractRegistration) -> bytes:
    """The certificate of a registered contract; one not yet registered has none."""
    if contract.status == ContractStatus.PENDING:
        raise Conflict(gettext("The contract is not registered yet."), code="not_registered")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title="技术合同认定登记证明", author="PatentBridge")
    story = [Paragraph("技术合同认定登记证明", TITLE), Spacer(1, 6)]
    for label, text in _rows(contract):
        story.append(Paragraph(f"{escape(label)}：{escape(str(text))}", BODY))
        story.append(Spacer(1, 3))
    story += [Spacer(1, 12), Paragraph("本证明由 PatentBridge 专利转化运用平台依当事人录入的登记信息生成；"
                                       "以技术合同登记机构出具的登记证明为准。", BODY)]
    document.build(story)
    return buffer.getvalue()

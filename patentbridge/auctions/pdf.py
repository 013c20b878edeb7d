"""The sale confirmation (成交确认书, Auction Law Art 52) as a PDF, with the embedded CJK font of core/pdf.py."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from patentbridge.auctions.models import Confirmation
from patentbridge.core.pdf import BODY, TITLE


def _signed(user, at) -> str:  # noqa: ANN001
    return f"{user.get_full_name() or user.username}，{at:%Y-%m-%d %H:%M}" if at else "（待签署）"


def confirmation_pdf(confirmation: Confirmation) -> bytes:
    lot = confirmation.lot
    items = "；".join(f"{i.patent.title}（{i.patent.patent_number or i.patent.application_number}）"
                     for i in lot.items.select_related("patent"))
    rows = [("编号", confirmation.number), ("拍卖人", lot.organiser.name),
            ("拍卖师", str(lot.officer) if lot.officer_id else "—"), ("委托人", lot.consignor.name),
            ("买受人", confirmation.buyer.name), ("竞买号", lot.winner.code if lot.winner_id else "—"),
            ("拍卖标的", f"{lot.title}：{items}"), ("成交价", f"{confirmation.price:,.2f} 元"),
            ("落槌时间", f"{lot.closed_at:%Y-%m-%d %H:%M:%S}" if lot.closed_at else "—"),
            ("买受人签署", _signed(confirmation.buyer_signed_by, confirmation.buyer_signed_at)),
            ("拍卖人签署", _signed(confirmation.auctioneer_signed_by, confirmation.auctioneer_signed_at))]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title=f"成交确认书 {confirmation.number}", author="PatentBridge")
    story = [Paragraph("成交确认书", TITLE), Spacer(1, 6)]
    for label, text in rows:
        story += [Paragraph(f"{escape(label)}：{escape(str(text))}", BODY), Spacer(1, 3)]
    story += [Spacer(1, 12), Paragraph("买受人与拍卖人依《中华人民共和国拍卖法》第五十二条在 PatentBridge 平台签署本确认书；"
                                       "专利权转让自国家知识产权局登记之日起生效。", BODY)]
    document.build(story)
    return buffer.getvalue()

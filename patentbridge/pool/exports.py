"""Excel exports of the pool: the stock-patent inventory (documented template, docs/domain.md) and the fee calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.http import HttpResponse
from django.utils import timezone

from patentbridge.core import spreadsheets
from patentbridge.core.spreadsheets import Sheet
from patentbridge.pool.models import PoolEntry, PoolState
from patentbridge.pool.selectors import FeeLine, recommendation_for

# The inventory template: one row per patent, Chinese headers as the national stock-patent template names them
# where it does, with the platform's scores after them.
INVENTORY_COLUMNS = (
    "申请号", "专利名称", "专利类型", "法律状态", "申请日", "授权日", "发明人", "主分类号",
    "价值得分", "法律价值", "技术价值", "经济价值", "分级", "人工调整分级", "调整理由",
    "盘活状态", "技术成熟度(TRL)", "发明人自评-市场前景", "发明人自评-成熟度", "发明人自评-合作意愿",
    "审核意见", "维护建议", "建议理由",
)
FEE_COLUMNS = ("申请号", "专利名称", "分级", "年度", "缴费期限", "滞纳截止", "全额(元)", "减缴比例", "减缴类型",
               "应缴(元)", "已缴", "逾期", "今日缴纳滞纳金(元)", "维护建议", "建议理由")


def inventory_sheet(entries: Iterable[PoolEntry], today: date) -> Sheet:
    rows = []
    for entry in entries:
        patent = entry.patent
        assessment = getattr(patent, "assessment", None)
        advice = recommendation_for(patent, today)
        rows.append((
            patent.application_number or patent.patent_number, patent.title, patent.get_patent_type_display(),
            patent.get_legal_status_display(), patent.application_date, patent.grant_date,
            "、".join(patent.inventors_shown), patent.ipc_main,
            assessment.score if assessment else None, assessment.legal if assessment else None,
            assessment.technical if assessment else None, assessment.economic if assessment else None,
            assessment.tier if assessment else "", entry.tier_override, entry.override_comment,
            PoolState(entry.state).label, entry.trl, entry.self_market_prospects, entry.self_maturity,
            entry.self_willingness, entry.review_comment, advice.label, advice.reason,
        ))
    return Sheet("存量专利盘点", rows, header=INVENTORY_COLUMNS)


def fee_sheet(lines: Iterable[FeeLine]) -> Sheet:
    return Sheet("年费日历", header=FEE_COLUMNS, rows=(
        (line.patent.application_number or line.patent.patent_number, line.patent.title, line.tier, line.fee.year,
         line.fee.due_date, line.fee.late_deadline, line.fee.full, line.fee.reduction_rate,
         line.fee.reduction_label, line.fee.payable, "是" if line.paid else "", "是" if line.overdue else "",
         line.surcharge if line.overdue else None, line.recommendation.label, line.recommendation.reason) for line in lines))


def xlsx_response(sheet: Sheet, stem: str) -> HttpResponse:
    return spreadsheets.xlsx_response(f"{stem}-{timezone.localdate():%Y%m%d}.xlsx", sheet)

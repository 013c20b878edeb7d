"""May this patent be declared for open licensing, and is the declaration's text acceptable?

Every refusal names its rule and says how to put it right (rules.md §1.1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from patentbridge.patents.models import LegalStatus, Patent, PatentType
from patentbridge.patents.terms import licence_last_day, runs_beyond_term
from patentbridge.rights import selectors as rights

# IR Art 85 ¶3 bans advertising language; the claims that count are data, editable without code (docs/domain.md).
ADVERTISING_TERMS = Path(__file__).with_name("advertising_terms.json")


def advertising_pattern(path: Path = ADVERTISING_TERMS) -> re.Pattern[str]:
    """One case-insensitive pattern from the promotional claims listed in the data file."""
    entries = json.loads(path.read_text(encoding="utf-8"))["patterns"]
    return re.compile("|".join(f"(?:{entry['pattern']})" for entry in entries), re.IGNORECASE)


ADVERTISING = advertising_pattern()

CAP_LUMP_SUM = Decimal("20000000")
CAP_SALES_RATE = Decimal("20")
CAP_PROFIT_RATE = Decimal("40")


@dataclass(frozen=True)
class Finding:
    rule: str  # a stable code
    article: str  # the legal basis
    message: str  # what is wrong, Chinese / English
    fix: str  # what to do


def refusals(patent: Patent, data: dict[str, Any], today: date) -> list[Finding]:
    """Every reason the patent may not be declared now (Patent Law Art 50; Implementing Rules Art 85–86)."""
    found: list[Finding] = []
    if patent.grant_date is None or patent.legal_status not in (LegalStatus.IN_FORCE,):
        found.append(Finding("not_granted", "专利法实施细则第八十五条 / IR Art 85",
                             "只有授权公告后、仍有效的专利才能声明开放许可 / only a granted patent in force can be declared",
                             "等待授权公告，或核对法律状态 / wait for the grant announcement or check the legal status"))
    if rights.exclusive_binding(patent, today):
        found.append(Finding("exclusive_licence", "专利法实施细则第八十六条第（一）项 / IR Art 86(1)",
                             "已签订尚未期满的独占或排他许可（含尚未开始的）/ an exclusive or sole licence is signed "
                             "and has not ended (even if it starts later)",
                             "待该许可期满或终止后再声明 / declare once that licence has ended"))
    if rights.is_suspended(patent, today):
        found.append(Finding("suspended", "专利法实施细则第八十六条第（二）项、第一百零三条、第一百零四条 / IR Art 86(2), 103, 104",
                             "专利权有关程序已中止（权属纠纷或财产保全）/ procedures are suspended (ownership dispute or "
                             "preservation order)", "待中止程序恢复后再声明 / declare once the procedure resumes"))
    if rights.annual_fee_unpaid(patent, today):
        found.append(Finding("annual_fee_unpaid", "专利法实施细则第八十六条第（三）项 / IR Art 86(3)",
                             "未按规定缴纳年费 / an annual fee has not been paid as required",
                             "补缴年费（含滞纳金）并在年费日历中登记 / pay the fee (with any surcharge) and record it"))
    if rights.is_pledged(patent, today) and not data.get("pledgee_consent"):
        found.append(Finding("pledged", "专利法实施细则第八十六条第（四）项 / IR Art 86(4)",
                             "专利权已质押且质权人未同意 / the patent is pledged and the pledgee has not consented",
                             "取得质权人书面同意后勾选“质权人同意” / obtain the pledgee's written consent"))
    if patent.patent_type in (PatentType.UTILITY_MODEL, PatentType.DESIGN) and not str(
            data.get("evaluation_report") or "").strip():
        found.append(Finding("evaluation_report", "专利法第五十条第一款 / Patent Law Art 50 ¶1",
                             "实用新型、外观设计须提供专利权评价报告 / a utility model or design needs a patent right "
                             "evaluation report", "请求专利权评价报告（两个月内出具）并填写其编号 / request the report "
                             "(issued within 2 months) and give its number"))
    if len(patent.applicant_names or []) > 1 and not data.get("co_owners_consent"):
        found.append(Finding("co_owner_consent", "国家知识产权局开放许可问答 / CNIPA open-licence FAQ",
                             "共有专利须经全体共有人书面同意 / every co-owner must consent in writing",
                             "取得全体共有人书面同意后勾选 / obtain every co-owner's written consent"))
    return found


def text_problems(data: dict[str, Any]) -> list[Finding]:
    """The declaration's own content: required fields (IR Art 85 ¶2) and no advertising language (¶3)."""
    found: list[Finding] = []
    mode = data.get("payment_mode")
    lump, rate = data.get("lump_sum"), data.get("royalty_rate")
    if mode in ("lump_sum", "entry_plus_royalty") and lump is None:
        found.append(Finding("fee_missing", "专利法实施细则第八十五条 / IR Art 85 ¶2",
                             "请写明许可使用费金额 / state the fee", "填写一次性或入门费金额 / enter the amount"))
    if mode in ("royalty_sales", "royalty_profit", "entry_plus_royalty") and rate is None:
        found.append(Finding("rate_missing", "专利法实施细则第八十五条 / IR Art 85 ¶2",
                             "请写明提成比例 / state the royalty rate", "填写提成比例（%）/ enter the rate"))
    if not data.get("term_years"):
        found.append(Finding("term_missing", "专利法实施细则第八十五条 / IR Art 85 ¶2",
                             "请写明许可期限 / state the licence term", "填写许可期限（年）/ enter the term in years"))
    text = " ".join(str(data.get(k) or "") for k in ("fee_terms", "other_terms"))
    words = sorted({m.group(0) for m in ADVERTISING.finditer(text)})
    if words:
        found.append(Finding("advertising", "专利法实施细则第八十五条第三款 / IR Art 85 ¶3",
                             f"声明不得含有商业性广告用语：{'、'.join(words)} / no advertising language",
                             "删除这些用语，如实说明许可条件 / remove these words and state the terms plainly"))
    return found


def term_problem(patent: Patent, term_years: int | None, starts: date) -> Finding | None:
    """A licence is valid only during the patent term (Civil Code Art 865)."""
    if term_years and runs_beyond_term(patent, licence_last_day(starts, term_years)):
        return Finding("term_beyond_patent", "民法典第八百六十五条 / Civil Code Art 865",
                       f"许可期限超过专利权期限（{patent.expiry_date:%Y-%m-%d} 届满）/ the licence would outlast the "
                       "patent", "缩短许可期限 / shorten the licence term")
    return None


def cap_warnings(data: dict[str, Any]) -> list[Finding]:
    """Above the 2024 guidance caps: allowed, but the patentee is told (rules.md §1.1)."""
    found = []
    mode, lump, rate = data.get("payment_mode"), data.get("lump_sum"), data.get("royalty_rate")
    if lump is not None and Decimal(lump) > CAP_LUMP_SUM:
        found.append(Finding("cap_fixed_fee", "2024 年开放许可通知 / 2024 open-licence notice",
                             "固定费用一般不超过 2000 万元 / a fixed fee should generally not exceed RMB 20 m",
                             "考虑降低费用或改为提成 / consider a lower fee or a royalty"))
    if rate is not None and mode in ("royalty_sales", "entry_plus_royalty") and Decimal(rate) > CAP_SALES_RATE:
        found.append(Finding("cap_sales_rate", "2024 年开放许可通知 / 2024 open-licence notice",
                             "按净销售额提成一般不超过 20% / a royalty on net sales should generally not exceed 20 %",
                             "考虑降低提成比例 / consider a lower rate"))
    if rate is not None and mode == "royalty_profit" and Decimal(rate) > CAP_PROFIT_RATE:
        found.append(Finding("cap_profit_rate", "2024 年开放许可通知 / 2024 open-licence notice",
                             "按利润提成一般不超过 40% / a royalty on profit should generally not exceed 40 %",
                             "考虑降低提成比例 / consider a lower rate"))
    return found

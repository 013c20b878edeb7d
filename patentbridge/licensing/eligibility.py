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

from django.utils.translation import gettext

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
        found.append(Finding("not_granted", gettext("IR Art 85"),
                             gettext("only a granted patent in force can be declared"),
                             gettext("wait for the grant announcement or check the legal status")))
    if rights.exclusive_binding(patent, today):
        found.append(Finding("exclusive_licence", gettext("IR Art 86(1)"),
                             gettext("an exclusive or sole licence is signed and has not ended (even if it starts later)"),
                             gettext("declare once that licence has ended")))
    if rights.is_suspended(patent, today):
        found.append(Finding("suspended", gettext("IR Art 86(2), 103, 104"),
                             gettext("procedures are suspended (ownership dispute or preservation order)"), gettext("declare once the procedure resumes")))
    if rights.annual_fee_unpaid(patent, today):
        found.append(Finding("annual_fee_unpaid", gettext("IR Art 86(3)"),
                             gettext("an annual fee has not been paid as required"),
                             gettext("pay the fee (with any surcharge) and record it")))
    if rights.is_pledged(patent, today) and not data.get("pledgee_consent"):
        found.append(Finding("pledged", gettext("IR Art 86(4)"),
                             gettext("the patent is pledged and the pledgee has not consented"),
                             gettext("obtain the pledgee's written consent")))
    if patent.patent_type in (PatentType.UTILITY_MODEL, PatentType.DESIGN) and not str(
            data.get("evaluation_report") or "").strip():
        found.append(Finding("evaluation_report", gettext("Patent Law Art 50 ¶1"),
                             gettext("a utility model or design needs a patent right evaluation report"), gettext("request the report (issued within 2 months) and give its number")))
    if len(patent.applicant_names or []) > 1 and not data.get("co_owners_consent"):
        found.append(Finding("co_owner_consent", gettext("CNIPA open-licence FAQ"),
                             gettext("every co-owner must consent in writing"),
                             gettext("obtain every co-owner's written consent")))
    return found


# What the declaration form supplies (consents, the evaluation report): assumed given, to judge the patent alone.
_FORM_SUPPLIED = {"pledgee_consent": True, "co_owners_consent": True, "evaluation_report": "-"}


def patent_refusals(patent: Patent, today: date) -> list[Finding]:
    """The reasons the patent itself may not be declared now, whatever the declaration says (for its badge)."""
    return refusals(patent, _FORM_SUPPLIED, today)


def text_problems(data: dict[str, Any]) -> list[Finding]:
    """The declaration's own content: required fields (IR Art 85 ¶2) and no advertising language (¶3)."""
    found: list[Finding] = []
    mode = data.get("payment_mode")
    lump, rate = data.get("lump_sum"), data.get("royalty_rate")
    if mode in ("lump_sum", "entry_plus_royalty") and lump is None:
        found.append(Finding("fee_missing", gettext("IR Art 85 ¶2"),
                             gettext("state the fee"), gettext("enter the amount")))
    if mode in ("royalty_sales", "royalty_profit", "entry_plus_royalty") and rate is None:
        found.append(Finding("rate_missing", gettext("IR Art 85 ¶2"),
                             gettext("state the royalty rate"), gettext("enter the rate")))
    if not data.get("term_years"):
        found.append(Finding("term_missing", gettext("IR Art 85 ¶2"),
                             gettext("state the licence term"), gettext("enter the term in years")))
    text = " ".join(str(data.get(k) or "") for k in ("fee_terms", "other_terms"))
    words = sorted({m.group(0) for m in ADVERTISING.finditer(text)})
    if words:
        found.append(Finding("advertising", gettext("IR Art 85 ¶3"),
                             gettext("no advertising language: %(words)s") % {"words": "、".join(words)},
                             gettext("remove these words and state the terms plainly")))
    return found


def term_problem(patent: Patent, term_years: int | None, starts: date) -> Finding | None:
    """A licence is valid only during the patent term (Civil Code Art 865)."""
    if term_years and runs_beyond_term(patent, licence_last_day(starts, term_years)):
        return Finding("term_beyond_patent", gettext("Civil Code Art 865"),
                       gettext("the licence would outlast the patent (it expires on %(date)s)")
                       % {"date": f"{patent.expiry_date:%Y-%m-%d}"}, gettext("shorten the licence term"))
    return None


def cap_warnings(data: dict[str, Any]) -> list[Finding]:
    """Above the 2024 guidance caps: allowed, but the patentee is told (rules.md §1.1)."""
    found = []
    mode, lump, rate = data.get("payment_mode"), data.get("lump_sum"), data.get("royalty_rate")
    if lump is not None and Decimal(lump) > CAP_LUMP_SUM:
        found.append(Finding("cap_fixed_fee", "2024 年开放许可通知 / 2024 open-licence notice",
                             gettext("a fixed fee should generally not exceed RMB 20 m"),
                             gettext("consider a lower fee or a royalty")))
    if rate is not None and mode in ("royalty_sales", "entry_plus_royalty") and Decimal(rate) > CAP_SALES_RATE:
        found.append(Finding("cap_sales_rate", "2024 年开放许可通知 / 2024 open-licence notice",
                             gettext("a royalty on net sales should generally not exceed 20 %"),
                             gettext("consider a lower rate")))
    if rate is not None and mode == "royalty_profit" and Decimal(rate) > CAP_PROFIT_RATE:
        found.append(Finding("cap_profit_rate", "2024 年开放许可通知 / 2024 open-licence notice",
                             gettext("a royalty on profit should generally not exceed 40 %"),
                             gettext("consider a lower rate")))
    return found

"""Normalising applicant names and guessing an organisation's type and city from its name."""

from __future__ import annotations

import re
import unicodedata

from patentbridge.orgs.models import OrgKind

_SPACES = re.compile(r"\s+")
_ORG_MARKERS = (
    "公司", "大学", "学院", "学校", "研究院", "研究所", "研究中心", "科学院", "中心", "实验室", "医院", "集团",
    "株式会社", "厂", "局", "委员会", "协会", "基金会", "银行", "事务所", "合作社", "有限合伙", "工作室", "站",
    "INC", "LTD", "LLC", "CORP", "GMBH", "CO.", "COMPANY", "UNIVERSITY", "INSTITUTE", "AG", "S.A.", "B.V.",
)
_KIND_MARKERS = (
    (OrgKind.UNIVERSITY, ("大学", "学院", "学校", "UNIVERSITY", "COLLEGE")),
    (OrgKind.INSTITUTE, ("研究院", "研究所", "科学院", "研究中心", "实验室", "INSTITUTE", "ACADEMY")),
    (OrgKind.FINANCIAL, ("银行", "保险", "证券", "BANK")),
    (OrgKind.AGENCY, ("事务所", "代理", "服务中心")),
)


def normalize_name(raw: str) -> str:
    """Canonical key of a name: NFKC (full-width to half-width), no spaces, Latin upper-cased."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _SPACES.sub("", text).upper()
    return text.replace("（", "(").replace("）", ")")


def clean_display_name(raw: str) -> str:
    """The name as shown: trimmed, inner runs of spaces collapsed, Chinese brackets kept."""
    return _SPACES.sub(" ", (raw or "").strip())


def looks_like_organisation(name: str) -> bool:
    key = normalize_name(name)
    return len(key) > 4 and any(marker in key for marker in _ORG_MARKERS)


def guess_kind(name: str) -> str:
    key = normalize_name(name)
    if not looks_like_organisation(name):
        return OrgKind.INDIVIDUAL
    for kind, markers in _KIND_MARKERS:
        if any(marker in key for marker in markers):
            return kind
    return OrgKind.ENTERPRISE

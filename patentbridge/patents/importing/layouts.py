"""Column layouts of patent exports: which header means which register field.

Known layouts are recognised by their headers; anything else can be imported with an explicit
mapping (`--map field=column`). Aliases cover incoPat, Patentics, 智慧芽-style Chinese headers and
the English snake_case headers of the bundled data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "application_number": ("application_number", "申请号", "申请号码", "application no", "appno"),
    "publication_number": (
        "publication_number", "公开号", "公开（公告）号", "公开(公告)号", "公告号", "公开公告号", "publication no",
    ),
    "grant_number": ("grant_number", "授权公告号", "授权号"),
    "kind_code": ("kind_code", "文献类型代码", "kind"),
    "patent_type": ("patent_type", "专利类型", "类型"),
    "title": ("title", "title_zh", "专利名称", "标题", "名称", "发明名称", "标题（中文）"),
    "grant_title": ("授权名称",),
    "abstract": ("abstract", "abstract_zh", "申请摘要", "摘要", "摘要（中文）"),
    "first_claim": ("first_claim", "主权项", "首项权利要求"),
    "applicants": ("applicants", "申请人", "专利权人", "申请（专利权）人", "当前权利人", "assignee", "申请人名称",
                   "专利权人名称", "申请（专利权）人名称"),
    "inventors": ("inventors", "发明人", "设计人", "发明（设计）人"),
    "address": ("address", "申请人地址", "地址"),
    "province": ("province", "国省代码", "申请人省份", "省份"),
    "application_date": ("application_date", "申请日", "filing_date"),
    "publication_date": ("publication_date", "公开日", "公开（公告）日", "公开(公告)日", "公告日"),
    "grant_date": ("grant_date", "授权公告日", "授权日"),
    "ipc_main": ("ipc_main", "主分类号", "IPC主分类", "IPC主分类号"),
    "ipc": ("ipc", "分类号", "IPC", "IPC分类号", "ipc_subclasses"),
    "cpc": ("cpc", "CPC分类号", "CPC", "cpc_labels"),
    "legal_status": ("legal_status", "法律状态", "当前法律状态"),
    "validity": ("validity", "有效性", "专利有效性"),
    "legal_events": ("legal_events", "法律事件"),
    "lapse_date": ("lapse_date", "失效日期"),
    "industry_codes": ("nic_codes_incopat", "industry_codes", "国民经济分类", "国民经济行业分类"),
    "emerging_industry": ("strategic_emerging_industry_incopat", "战略性新兴产业分类", "新兴产业分类"),
    "family_size": ("simple_family", "简单同族数量", "family_size", "同族数量"),
    "backward_citations": ("backward_citations_count", "引证数", "引证次数"),
    "forward_citations": ("forward_citations_count", "被引证数", "被引证次数"),
    "agency": ("agency_agent", "agency", "代理机构", "专利代理机构", "代理机构名称"),
    "source_label": ("source_export", "source_label"),
}
FIELDS = tuple(FIELD_ALIASES)


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "")


_ALIAS_INDEX = {_key(alias): field for field, aliases in FIELD_ALIASES.items() for alias in aliases}


def header_score(names: list[str], overrides: dict[str, str] | None = None) -> int:
    """How many register fields a candidate header row names (by alias, or as a mapped column)."""
    fields = {_ALIAS_INDEX[_key(n)] for n in names if _key(n) in _ALIAS_INDEX}
    mapped = set(overrides.values()) & set(names) if overrides else set()
    return len(fields) + len(mapped)


class LayoutError(ValueError):
    """The columns cannot be understood; the message says what is missing."""


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, str]  # register field -> header in the file

    def describe(self) -> str:
        return ", ".join(f"{field}←{column}" for field, column in self.columns.items())


def _name_for(headers: set[str]) -> str:
    if {"申请号", "专利名称"} <= headers:
        return "cnipa_full_schema"
    if {"title", "ipc_subclasses"} <= headers and "application_number" not in headers:
        return "titles_ipc"
    if {"publication_number", "application_number", "title_zh"} <= headers:
        return "db_export"
    return "recognised_headers"


def detect_layout(header: list[str], overrides: dict[str, str] | None = None) -> Layout:
    """Map the file's headers to register fields; explicit overrides win over aliases."""
    columns: dict[str, str] = {}
    for column in header:
        field = _ALIAS_INDEX.get(_key(column))
        if field and field not in columns:
            columns[field] = column
    name = _name_for({h.strip() for h in header})
    if overrides:
        unknown = sorted(set(overrides) - set(FIELDS))
        if unknown:
            raise LayoutError(_("Unknown register fields in the mapping: %(fields)s") % {"fields": ", ".join(unknown)})
        missing = sorted(c for c in overrides.values() if c not in header)
        if missing:
            raise LayoutError(_("These columns are not in the file: %(columns)s") % {"columns": ", ".join(missing)})
        columns.update(overrides)
        name = "custom"
    if "title" not in columns:
        raise LayoutError(
            _("No title column recognised; map it with --map title=COLUMN")
        )
    if not {"application_number", "publication_number", "grant_number"} & set(columns):
        raise LayoutError(
            _("No application or publication number column recognised; map one with --map")
        )
    return Layout(name=name, columns=columns)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`field=column` pairs from the command line or the upload form."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise LayoutError(_("A mapping is written FIELD=COLUMN, not %(pair)s") % {"pair": repr(pair)})
        mapping[field.strip()] = column.strip()
    return mapping

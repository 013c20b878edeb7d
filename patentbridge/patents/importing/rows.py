"""Turning one raw row into a validated patent record, or into the list of reasons it is refused."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from patentbridge.orgs.names import clean_display_name
from patentbridge.patents.importing.layouts import Layout
from patentbridge.patents.models import LegalStatus, PatentType
from patentbridge.patents.numbers import (
    TYPE_DIGITS,
    InvalidNumber,
    is_grant_kind,
    parse_application_number,
    parse_publication_number,
)

# China's first Patent Law took effect on 1985-04-01: no CN application is older.
EARLIEST_FILING = dt.date(1985, 4, 1)
_LIST_SPLIT = re.compile(r"\s*[|;；]\s*")
_IPC = re.compile(r"^([A-H]\d{2}[A-Z])(?:(\d{1,4})/(\d{1,6}))?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%Y/%m/%d", "%Y年%m月%d日")

TYPE_WORDS = (
    ("实用新型", PatentType.UTILITY_MODEL),
    ("外观", PatentType.DESIGN),
    ("发明", PatentType.INVENTION),
    ("utility", PatentType.UTILITY_MODEL),
    ("design", PatentType.DESIGN),
    ("invention", PatentType.INVENTION),
)
KIND_TYPES = {"A": PatentType.INVENTION, "B": PatentType.INVENTION, "C": PatentType.INVENTION,
              "U": PatentType.UTILITY_MODEL, "Y": PatentType.UTILITY_MODEL,
              "S": PatentType.DESIGN, "D": PatentType.DESIGN}
# Status words of incoPat, Patentics and CNIPA-style exports, most specific first.
STATUS_WORDS = (
    ("未缴年费", LegalStatus.LAPSED_FEES), ("期限届满", LegalStatus.EXPIRED), ("届满", LegalStatus.EXPIRED),
    ("驳回", LegalStatus.REJECTED), ("撤回", LegalStatus.WITHDRAWN), ("放弃", LegalStatus.ABANDONED),
    ("无效", LegalStatus.INVALIDATED), ("权利终止", LegalStatus.LAPSED), ("失效", LegalStatus.LAPSED),
    ("授权", LegalStatus.IN_FORCE), ("有权", LegalStatus.IN_FORCE), ("有效", LegalStatus.IN_FORCE),
    ("实质审查", LegalStatus.PENDING), ("审中", LegalStatus.PENDING), ("公开", LegalStatus.PENDING),
)


@dataclass
class RowError:
    line: int
    field: str
    reason: str
    value: str = ""


@dataclass
class PatentRecord:
    line: int
    application_number: str | None = None
    publication_number: str | None = None
    publication_kind: str = ""
    grant_number: str | None = None
    grant_kind: str = ""
    patent_type: str = ""
    title: str = ""
    abstract: str = ""
    first_claim: str = ""
    ipc_main: str = ""
    ipc_codes: list[str] = field(default_factory=list)
    cpc_codes: list[str] = field(default_factory=list)
    applicant_names: list[str] = field(default_factory=list)
    inventors: list[str] = field(default_factory=list)
    address: str = ""
    province: str = ""
    application_date: dt.date | None = None
    publication_date: dt.date | None = None
    grant_date: dt.date | None = None
    legal_status: str = LegalStatus.UNKNOWN
    legal_status_raw: str = ""
    legal_events: list[tuple[dt.date | None, str]] = field(default_factory=list)
    industry_codes: list[str] = field(default_factory=list)
    emerging_industry: str = ""
    family_size: int | None = None
    backward_citations: int | None = None
    forward_citations: int | None = None
    agency: str = ""
    source: str = ""

    @property
    def rank(self) -> str:
        """Which row's data wins when two publications of one application meet: grants, then later ones."""
        stage = "2" if self.grant_number else ("1" if self.publication_number else "0")
        date = self.grant_date or self.publication_date
        return f"{stage}|{date.isoformat() if date else ''}"

    @property
    def dedupe_key(self) -> str:
        numbers = [n for n in (self.publication_number, self.grant_number) if n]
        return "|".join(numbers) if numbers else f"app:{self.application_number}"


def split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        items = _LIST_SPLIT.split(str(value or ""))
    return [item.strip() for item in items if item and item.strip()]


def parse_date(value: Any) -> dt.date | None:
    """Dates as the exports write them; 0 or empty means none. Raises ValueError when impossible."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if text in {"", "0", "-", "None"}:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_AGENCY_CODE = re.compile(r"\s*\d{5}$")  # the five-digit agency code some exports append to the firm's name


def agency_name(value: Any) -> str:
    """The firm in an "agency; agent" cell (e.g. 北京集佳知识产权代理有限公司11227; 王宝筠), without its code."""
    firm = re.split(r"[;；]", str(value or ""), maxsplit=1)[0].strip()
    return _AGENCY_CODE.sub("", clean_display_name(firm))[:200]


def parse_count(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return len(split_list(text))  # a list of family members


_CANONICAL_IPC = re.compile(r"^[A-H]\d{2}[A-Z](?:[1-9]\d{0,3}/\d{1,6})?$")


def normalize_ipc(code: str) -> str:
    if _CANONICAL_IPC.match(code):
        return code
    text = re.sub(r"\s+", "", code.upper())
    text = re.sub(r"\(\d{4}\.\d{2}\)$", "", text)  # version suffix such as (2006.01)
    # DOCDB-style exports append I (inventive) or N (additional information) to a group symbol.
    text = re.sub(r"^([A-H]\d{2}[A-Z]\d{1,4}/\d{1,6})[IN]$", r"\1", text)
    match = re.match(r"^([A-H]\d{2}[A-Z])0*(\d{1,4})/(\d{1,6})$", text)
    if match:
        return f"{match.group(1)}{match.group(2)}/{match.group(3)}"
    return text


def status_from(raw: str, validity: str) -> str:
    for text in (raw, validity):
        for word, status in STATUS_WORDS:
            if word in text:
                return status
    return LegalStatus.UNKNOWN


def type_from_text(text: str) -> str:
    lowered = text.lower()
    for word, patent_type in TYPE_WORDS:
        if word in lowered:
            return patent_type
    return ""


class RowParser:
    """Parses rows of one layout; holds the reference data the checks need."""

    def __init__(self, layout: Layout, known_subclasses: set[str], default_source: str, today: dt.date) -> None:
        self.columns = layout.columns
        self.known_subclasses = known_subclasses
        self.default_source = default_source
        self.today = today

    def get(self, values: dict[str, Any], name: str) -> Any:
        column = self.columns.get(name)
        value = values.get(column, "") if column else ""
        return value.strip() if isinstance(value, str) else value

    def parse(self, line: int, values: dict[str, Any]) -> PatentRecord | list[RowError]:
        if "__error__" in values:
            return [RowError(line, "row", str(values["__error__"]))]
        record = PatentRecord(line=line)
        errors: list[RowError] = []
        self._numbers(record, values, errors)
        self._text(record, values, errors)
        self._type(record, values, errors)
        self._dates(record, values, errors)
        self._classes(record, values, errors)
        self._status(record, values)
        return errors or record

    def _numbers(self, record: PatentRecord, values: dict[str, Any], errors: list[RowError]) -> None:
        line = record.line
        raw_app = str(self.get(values, "application_number") or "")
        if raw_app:
            try:
                record.application_number = str(parse_application_number(raw_app))
            except InvalidNumber as exc:
                errors.append(RowError(line, "application_number", str(exc), raw_app))
        kind_hint = str(self.get(values, "kind_code") or "")
        for name in ("publication_number", "grant_number"):
            raw = str(self.get(values, name) or "")
            if not raw:
                continue
            try:
                number = parse_publication_number(raw)
            except InvalidNumber as exc:
                errors.append(RowError(line, name, str(exc), raw))
                continue
            kind = number.kind or kind_hint
            if name == "grant_number" or is_grant_kind(kind):
                record.grant_number, record.grant_kind = f"CN{number.serial}{kind}", kind
            else:
                record.publication_number, record.publication_kind = f"CN{number.serial}{kind}", kind
        if record.grant_number and record.publication_number is None and record.grant_kind[:1] in "UYSD":
            record.publication_number, record.publication_kind = record.grant_number, record.grant_kind
        if not (raw_app or self.get(values, "publication_number") or self.get(values, "grant_number")):
            errors.append(RowError(line, "application_number", _("No application or publication number")))

    def _text(self, record: PatentRecord, values: dict[str, Any], errors: list[RowError]) -> None:
        record.title = clean_display_name(str(self.get(values, "title") or self.get(values, "grant_title") or ""))
        if not record.title:
            errors.append(RowError(record.line, "title", _("The title is missing")))
        elif len(record.title) > 500:
            errors.append(RowError(record.line, "title", _("The title is longer than 500 characters")))
        record.abstract = str(self.get(values, "abstract") or "")
        record.first_claim = str(self.get(values, "first_claim") or "")
        record.applicant_names = [clean_display_name(n)[:200] for n in split_list(self.get(values, "applicants"))]
        record.inventors = [clean_display_name(n)[:100] for n in split_list(self.get(values, "inventors"))]
        record.address = str(self.get(values, "address") or "")[:300]
        record.province = re.sub(r"\(\d+\)$", "", str(self.get(values, "province") or ""))[:20]
        record.industry_codes = split_list(self.get(values, "industry_codes"))
        record.emerging_industry = str(self.get(values, "emerging_industry") or "")[:200]
        record.family_size = parse_count(self.get(values, "family_size"))
        for name in ("backward_citations", "forward_citations"):
            setattr(record, name, parse_count(self.get(values, name)))
        record.agency = agency_name(self.get(values, "agency"))
        record.source = str(self.get(values, "source_label") or self.default_source)[:300]

    def _type(self, record: PatentRecord, values: dict[str, Any], errors: list[RowError]) -> None:
        stated = type_from_text(str(self.get(values, "patent_type") or ""))
        from_number = TYPE_DIGITS.get(self._type_digit(record.application_number), "")
        kind = (record.grant_kind or record.publication_kind)[:1]
        inferred = from_number or KIND_TYPES.get(kind, "") or self._type_from_serial(record)
        if stated and from_number and stated != from_number:
            errors.append(RowError(
                record.line, "patent_type",
                _("The patent type “%(type)s” disagrees with the application number") % {
                    "type": self.get(values, "patent_type")},
                str(self.get(values, "patent_type")),
            ))
        record.patent_type = stated or inferred
        if not record.patent_type:
            errors.append(RowError(record.line, "patent_type", _("Cannot tell the patent type")))

    @staticmethod
    def _type_digit(application_number: str | None) -> str:
        if not application_number:
            return ""
        digits = application_number.split(".")[0]
        return digits[4] if len(digits) == 12 else digits[2]

    @staticmethod
    def _type_from_serial(record: PatentRecord) -> str:
        number = record.publication_number or record.grant_number or ""
        return {"1": PatentType.INVENTION, "2": PatentType.UTILITY_MODEL, "3": PatentType.DESIGN}.get(number[2:3], "")

    def _dates(self, record: PatentRecord, values: dict[str, Any], errors: list[RowError]) -> None:
        for name in ("application_date", "publication_date", "grant_date"):
            raw = self.get(values, name)
            try:
                setattr(record, name, parse_date(raw))
            except ValueError:
                errors.append(RowError(record.line, name, _("Not a real date"), str(raw)))
                continue
            value = getattr(record, name)
            if value and not (EARLIEST_FILING <= value <= self.today):
                errors.append(RowError(
                    record.line, name, _("Impossible date %(date)s: before 1985-04-01 or after today") % {"date": value}, str(raw)
                ))
        if record.grant_number and not record.grant_date and record.publication_number == record.grant_number:
            record.grant_date = record.publication_date
        if record.grant_number and not record.grant_date and not record.publication_number:
            record.grant_date, record.publication_date = record.publication_date, None
        filed = record.application_date
        for name in ("publication_date", "grant_date"):
            later = getattr(record, name)
            if filed and later and later < filed:
                errors.append(RowError(
                    record.line, name, _("%(date)s is earlier than the application date %(filed)s") % {"date": later, "filed": filed}, str(later)
                ))

    def _classes(self, record: PatentRecord, values: dict[str, Any], errors: list[RowError]) -> None:
        main = normalize_ipc(str(self.get(values, "ipc_main") or ""))
        codes = [normalize_ipc(c) for c in split_list(self.get(values, "ipc"))]
        if main and main not in codes:
            codes.insert(0, main)
        unique = list(dict.fromkeys(codes))
        for code in unique:
            match = _IPC.match(code)
            if not match:
                errors.append(RowError(record.line, "ipc", _("Malformed IPC symbol: %(code)s") % {"code": code}, code))
            elif match.group(1) not in self.known_subclasses:
                errors.append(RowError(record.line, "ipc", _("Unknown IPC subclass: %(subclass)s") % {"subclass": match.group(1)}, code))
        record.ipc_codes = unique
        record.ipc_main = main or (unique[0] if unique else "")
        record.cpc_codes = [normalize_ipc(c) for c in split_list(self.get(values, "cpc"))]

    def _status(self, record: PatentRecord, values: dict[str, Any]) -> None:
        raw = str(self.get(values, "legal_status") or "")
        validity = str(self.get(values, "validity") or "")
        record.legal_status_raw = "/".join(v for v in (raw, validity) if v)[:100]
        record.legal_status = status_from(raw, validity)
        events = split_list(self.get(values, "legal_events"))
        record.legal_events = [(None, text[:500]) for text in events]
        try:
            lapse = parse_date(self.get(values, "lapse_date"))
        except ValueError:
            lapse = None
        if lapse:
            record.legal_events.append((lapse, pgettext("legal event", "Lapsed")))

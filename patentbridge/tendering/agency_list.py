"""Reading an agency list (CSV or XLSX: patent number → agency) for registers whose exports lack the agency field.

Each row names a patent of the register by its application, publication or grant number and the agency that filed
it; a row that cannot be used is reported with its line and reason, and the rest are applied.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from patentbridge.core.errors import ValidationFailed
from patentbridge.patents.importing.rows import agency_name
from patentbridge.patents.models import Patent
from patentbridge.patents.numbers import InvalidNumber, parse_application_number, parse_publication_number

NUMBER_HEADERS = ("patent_number", "number", "application_number", "publication_number", "专利号", "申请号",
                  "公开号", "公开（公告）号", "公告号")
AGENCY_HEADERS = ("agency", "agency_agent", "代理机构", "专利代理机构", "代理机构名称")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    value: str = ""


@dataclass
class AgencyListResult:
    rows_read: int = 0
    updated: int = 0
    assignments: dict[int, str] = field(default_factory=dict)  # patent id → agency
    errors: list[RowError] = field(default_factory=list)


def _rows(file_name: str, content: bytes) -> list[list[Any]]:
    if file_name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationFailed(details={"file": _("The file is not a readable XLSX workbook.")}) from exc
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(content.decode(encoding))))[:MAX_ROWS + 1]
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(details={"file": _("The file is neither UTF-8 nor GB18030 text.")})


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = [h.strip().lower() for h in header]
    return next((keys.index(n.lower()) for n in names if n.lower() in keys), None)


def read_agency_list(file_name: str, content: bytes) -> AgencyListResult:
    rows = _rows(file_name, content)
    header = [str(cell or "") for cell in (rows[0] if rows else [])]
    number_col, agency_col = _column(header, NUMBER_HEADERS), _column(header, AGENCY_HEADERS)
    if number_col is None or agency_col is None:
        raise ValidationFailed(details={"file": _("The first row must name a patent-number column and an agency "
                                                  "column (e.g. 申请号 and 代理机构).")})
    result = AgencyListResult()
    for line, row in enumerate(rows[1:], start=2):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if not any(cells):
            continue
        result.rows_read += 1
        raw = cells[number_col] if number_col < len(cells) else ""
        agency = agency_name(cells[agency_col] if agency_col < len(cells) else "")
        _read_row(result, line, raw, agency)
    return result


def _read_row(result: AgencyListResult, line: int, raw: str, agency: str) -> None:
    if not agency:
        result.errors.append(RowError(line, _("The agency is missing."), raw))
        return
    try:
        found = _patent_ids(raw)
    except InvalidNumber:
        result.errors.append(RowError(line, _("Not a patent number."), raw))
        return
    if not found:
        result.errors.append(RowError(line, _("No patent with this number in the register."), raw))
    elif len(found) > 1:
        result.errors.append(RowError(line, _("This number names more than one patent; give the application "
                                              "number."), raw))
    else:
        result.assignments[found[0]] = agency


def _patent_ids(raw: str) -> list[int]:
    try:
        number = str(parse_application_number(raw))
        return list(Patent.objects.filter(application_number=number).values_list("pk", flat=True))
    except InvalidNumber:
        publication = parse_publication_number(raw)
    match = (Q(publication_number=str(publication)) | Q(grant_number=str(publication)) if publication.kind
             else Q(publication_number__startswith=str(publication)) | Q(grant_number__startswith=str(publication)))
    return list(Patent.objects.filter(match).values_list("pk", flat=True)[:2])

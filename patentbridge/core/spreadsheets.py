"""Every CSV and XLSX file the platform writes goes through here, so that no cell can become a live formula.

OWASP's CSV-injection guidance: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
is read by Excel, WPS and LibreOffice as a formula (`=HYPERLINK(...)` leaks data, DDE runs programs), so it is
written with a leading apostrophe. Only text is touched: numbers (negative ones included), money and dates stay
typed values. A test fails when a module writes CSV or XLSX without this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Values a spreadsheet stores as typed numbers or dates: never text, so never a formula.
_TYPED = (bool, int, float, Decimal, dt.date, dt.time, dt.timedelta)

Row = Iterable[object]


def neutralise(value: object) -> object:
    """The value as a cell may safely hold it: formula-like text gets a leading apostrophe, typed values stay."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    if isinstance(value, _TYPED):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def safe_row(row: Row) -> list[object]:
    return [neutralise(value) for value in row]


def csv_write(handle: TextIO, rows: Iterable[Row]) -> None:
    """Write the rows to an open text file (opened with newline="")."""
    writer = csv.writer(handle)
    for row in rows:
        writer.writerow(safe_row(row))


def csv_file(path: Path, rows: Iterable[Row]) -> Path:
    """A UTF-8 CSV file with a byte-order mark (Excel reads UTF-8 CSV as Chinese only with one)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv_write(handle, rows)
    return path


def csv_response(rows: Iterable[Row], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv_write(buffer, rows)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE), filename)


@dataclass
class Sheet:
    """One worksheet: a header row (frozen, columns sized to it) when given, then the rows."""

    title: str
    rows: Iterable[Row]
    header: Sequence[str] = field(default_factory=tuple)


def _xlsx_cell(value: object) -> object:
    value = neutralise(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # already local time; Excel has no time zones
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not allowed in XLSX
    return value


def _add_sheet(book: Workbook, sheet: Sheet) -> None:
    target = book.create_sheet(sheet.title[:31])
    header = [str(name) for name in sheet.header]
    if header:
        target.freeze_panes = "A2"
        for index, name in enumerate(header, start=1):
            target.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(name) * 2 + 4))
        target.append([_xlsx_cell(name) for name in header])
    for row in sheet.rows:
        target.append([_xlsx_cell(value) for value in row])


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """An XLSX workbook of the given sheets, written row by row (openpyxl's write-only mode)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _add_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_file(path: Path, *sheets: Sheet) -> Path:
    path.write_bytes(xlsx_bytes(*sheets))
    return path


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(*sheets), content_type=XLSX_CONTENT_TYPE), filename)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

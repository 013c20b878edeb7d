"""Reading CSV, XLSX and JSONL files (optionally gzip-compressed) as numbered rows of strings."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from patentbridge.patents.importing.headers import (
    SCAN_ROWS,
    HeaderChoice,
    HeaderRowError,
    Scorer,
    cell_text,
    locate,
    parse_header_row,
    unique,
)
from patentbridge.patents.importing.layouts import header_score

FORMATS = ("csv", "xlsx", "jsonl")


class UnreadableFile(ValueError):
    """The file cannot be read at all (unknown format, bad encoding, broken archive)."""


@dataclass
class Row:
    line: int
    values: dict[str, Any]


def detect_format(name: str) -> str:
    lowered = name.lower().removesuffix(".gz")
    for fmt in FORMATS:
        if lowered.endswith("." + fmt):
            return fmt
    if lowered.endswith(".json") or lowered.endswith(".ndjson"):
        return "jsonl"
    raise UnreadableFile(_("Unsupported file type: %(name)s (CSV, XLSX and JSONL can be imported)") % {"name": name})


def _open_binary(path: Path) -> IO[bytes]:
    raw = path.open("rb")
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


def _text_stream(binary: IO[bytes]) -> io.TextIOWrapper:
    head = binary.read(65536)
    binary.seek(0)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = "gb18030"  # Chinese Excel saves "CSV" in the ANSI code page.
    return io.TextIOWrapper(binary, encoding=encoding, newline="")


def count_data_rows(path: Path, fmt: str) -> int | None:
    """A cheap estimate of the row count for the progress bar (None when unknown)."""
    if fmt == "xlsx":
        return None
    with _open_binary(path) as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(lines - (1 if fmt == "csv" else 0), 0)


@dataclass
class Table:
    """The rows under the header, and where the header was found."""

    header: list[str]
    rows: Iterator[Row]
    sheet: str = ""  # the worksheet read, for a workbook
    sheet_count: int = 0
    header_row: int | None = None  # 1-based row (line, for CSV) of the header's first row
    header_depth: int = 1


def _no_score(names: list[str]) -> int:
    return 0


def read_rows(path: Path, fmt: str) -> tuple[list[str], Iterator[Row]]:
    """Return the header and an iterator of rows with their 1-based line numbers in the file."""
    table = read_table(path, fmt, score=header_score)
    return table.header, table.rows


def read_table(path: Path, fmt: str, *, score: Scorer = _no_score, sheet: str | None = None,
               header_row: str | int | None = None) -> Table:
    """Read a file whose header is found by `score` (how many known columns a row names) among its first rows, in
    the sheet that looks most like a patent table; `sheet` and `header_row` override the choice."""
    try:
        wanted = parse_header_row(header_row)
    except HeaderRowError as exc:
        raise UnreadableFile(_("The header row must be a row number such as 3, or two rows such as 3-4 (got %(value)s).")
                             % {"value": exc}) from exc
    if fmt == "csv":
        if sheet:
            raise UnreadableFile(_("A CSV file has no sheets; leave the sheet empty."))
        return _read_csv(path, score, wanted)
    if fmt == "xlsx":
        return _read_xlsx(path, score, sheet, wanted)
    if fmt == "jsonl":
        if sheet or wanted:
            raise UnreadableFile(_("A JSONL file has no sheets or header rows; leave both empty."))
        header, rows = _read_jsonl(path)
        return Table(header, rows)
    raise UnreadableFile(f"unknown format {fmt}")


def _scan_size(wanted: tuple[int, int | None] | None) -> int:
    return max(SCAN_ROWS, wanted[0] + 1) if wanted else SCAN_ROWS


def _locate(rows: list[list[str]], score: Scorer, wanted: tuple[int, int | None] | None, where: str) -> HeaderChoice:
    try:
        return locate(rows, score, wanted)
    except HeaderRowError as exc:
        if wanted:
            raise UnreadableFile(_("%(where)s has no row %(row)s.") % {"where": where, "row": wanted[0]}) from exc
        raise UnreadableFile(_("%(where)s is empty.") % {"where": where}) from exc


def _csv_head(text: str, delimiter: str, size: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    head = []
    try:
        for values in reader:
            head.append([cell_text(v) for v in values])
            if len(head) >= size:
                break
    except csv.Error:
        pass
    return head


def _read_csv(path: Path, score: Scorer, wanted: tuple[int, int | None] | None) -> Table:
    stream = _text_stream(_open_binary(path))
    try:
        sample = stream.read(65536)
        stream.seek(0)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("Cannot decode the file: %(error)s") % {"error": exc}) from exc
    size = _scan_size(wanted)
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    # The header decides the delimiter: abstracts are full of commas, so sniffing data rows misleads. With a title
    # line above the header, the delimiter is the one under which some row reads as a header.
    choices = []
    for delimiter in ",\t;":
        head = _csv_head(sample, delimiter, size)
        if head:
            choices.append((_locate(head, score, wanted, _("The file")), delimiter))
    if not choices:
        stream.close()
        raise UnreadableFile(_("The file is empty."))
    fallback = max(",\t;", key=first_line.count)
    choice, delimiter = max(choices, key=lambda c: (c[0].score, c[1] == fallback))
    reader = csv.reader(stream, delimiter=delimiter)
    header = unique(choice.names)
    try:
        for _skipped in range(choice.data_start):
            next(reader)
    except (StopIteration, UnicodeDecodeError, csv.Error) as exc:
        stream.close()
        raise UnreadableFile(_("Cannot read the header row: %(error)s") % {"error": exc}) from exc
    header_line = reader.line_num - choice.depth + 1

    def rows() -> Iterator[Row]:
        with stream:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    yield Row(reader.line_num, {"__error__": str(exc)})
                    continue
                if any(values):
                    yield Row(reader.line_num, dict(zip(header, values)))

    return Table(header, rows(), header_row=header_line, header_depth=choice.depth)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, dt.date) else str(value)


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    names = workbook.sheetnames
    if sheet in names:
        return workbook[sheet]
    if sheet and sheet.strip().isdigit() and 1 <= int(sheet) <= len(names):
        return workbook.worksheets[int(sheet) - 1]
    raise UnreadableFile(_("No sheet %(sheet)s in this workbook; its sheets are: %(names)s.")
                         % {"sheet": sheet, "names": "、".join(names)})


def _sheet_head(worksheet: Any, size: int) -> list[list[str]]:
    return [[cell_text(v) for v in values] for values in worksheet.iter_rows(max_row=size, values_only=True)]


def _read_xlsx(path: Path, score: Scorer, sheet: str | None, wanted: tuple[int, int | None] | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken archive
        raise UnreadableFile(_("Cannot open the workbook: %(error)s") % {"error": exc}) from exc
    size = _scan_size(wanted)
    sheets = [_pick_sheet(workbook, sheet)] if sheet else workbook.worksheets
    found = []
    for worksheet in sheets:
        head = _sheet_head(worksheet, size)
        if any(any(r) for r in head) or sheet:
            where = _("Sheet %(sheet)s") % {"sheet": worksheet.title}
            found.append((_locate(head, score, wanted, where), worksheet))
    if not found:
        raise UnreadableFile(_("Every sheet of this workbook is empty."))
    # The sheet whose header names the most known columns is the patent table; a cover sheet names none.
    choice, worksheet = max(found, key=lambda f: (f[0].score, -workbook.worksheets.index(f[1])))
    header = unique(choice.names)
    first_data_row = choice.data_start + 1

    def rows() -> Iterator[Row]:
        for number, values in enumerate(worksheet.iter_rows(min_row=first_data_row, values_only=True),
                                        start=first_data_row):
            cells = [_cell(v) for v in values]
            if any(c != "" for c in cells):
                yield Row(number, dict(zip(header, cells)))
        workbook.close()

    return Table(header, rows(), sheet=worksheet.title, sheet_count=len(workbook.worksheets),
                 header_row=choice.index + 1, header_depth=choice.depth)


def _read_jsonl(path: Path) -> tuple[list[str], Iterator[Row]]:
    stream = _text_stream(_open_binary(path))
    lines = enumerate(stream, start=1)
    first: Row | None = None
    for number, text in lines:
        if text.strip():
            first = _json_row(number, text)
            break
    if first is None:
        stream.close()
        raise UnreadableFile(_("The file is empty."))
    header = [k for k in first.values if k != "__error__"]

    def rows() -> Iterator[Row]:
        with stream:
            yield first
            for number, text in lines:
                if text.strip():
                    yield _json_row(number, text)

    return header, rows()


def _json_row(number: int, text: str) -> Row:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Row(number, {"__error__": _("Invalid JSON: %(error)s") % {"error": exc.msg}})
    if not isinstance(data, dict):
        return Row(number, {"__error__": _("Each line must be a JSON object")})
    return Row(number, {k: _cell(v) if not isinstance(v, (list, dict)) else v for k, v in data.items()})

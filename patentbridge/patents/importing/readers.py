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
    raise UnreadableFile(f"不支持的文件类型: {name}（支持 CSV、XLSX、JSONL）/ unsupported file type")


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


def read_rows(path: Path, fmt: str) -> tuple[list[str], Iterator[Row]]:
    """Return the header and an iterator of rows with their 1-based line numbers in the file."""
    if fmt == "csv":
        return _read_csv(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    if fmt == "jsonl":
        return _read_jsonl(path)
    raise UnreadableFile(f"unknown format {fmt}")


def _read_csv(path: Path) -> tuple[list[str], Iterator[Row]]:
    stream = _text_stream(_open_binary(path))
    try:
        first_line = stream.readline()
        stream.seek(0)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"文件编码无法识别 / cannot decode the file: {exc}") from exc
    # The header decides the delimiter: abstracts are full of commas, so sniffing data rows misleads.
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, UnicodeDecodeError, csv.Error) as exc:
        stream.close()
        raise UnreadableFile(f"无法读取表头 / cannot read the header row: {exc}") from exc

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

    return header, rows()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, dt.date) else str(value)


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken archive
        raise UnreadableFile(f"无法打开 Excel 文件 / cannot open the workbook: {exc}") from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(iterator)]
    except StopIteration as exc:
        raise UnreadableFile("工作表为空 / the first sheet is empty") from exc

    def rows() -> Iterator[Row]:
        for number, values in enumerate(iterator, start=2):
            cells = [_cell(v) for v in values]
            if any(c != "" for c in cells):
                yield Row(number, dict(zip(header, cells)))
        workbook.close()

    return header, rows()


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
        raise UnreadableFile("文件为空 / the file is empty")
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
        return Row(number, {"__error__": f"JSON 无法解析 / invalid JSON: {exc.msg}"})
    if not isinstance(data, dict):
        return Row(number, {"__error__": "每行应为一个 JSON 对象 / each line must be a JSON object"})
    return Row(number, {k: _cell(v) if not isinstance(v, (list, dict)) else v for k, v in data.items()})

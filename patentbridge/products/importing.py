"""Import of filing lists from Excel: one row per product with its patents (numbers separated by semicolons) and
one year's figures. The importing user files for one organisation (their own, as on the form); each row goes
through the same checks as the form and is submitted for the clerk's review; a bad row is reported with its line
and reason and the good rows are kept (each row is its own savepoint).

A regulator does not import on an enterprise's behalf: who files a product must be able to answer for its
patents and figures, and the permission module lets only the filer's own people file (PRODUCT_FILE)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.core.errors import DomainError, readable
from patentbridge.core.spreadsheets import Sheet, xlsx_bytes
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.importing.readers import UnreadableFile, read_table
from patentbridge.products import services
from patentbridge.products.models import Product

# The columns of the template (its header row, in Chinese as the enterprises' staff fill it), each with the English
# name also accepted, and the field it fills.
COLUMNS: list[tuple[str, str, str]] = [
    ("产品名称", "name", "name"), ("型号", "model", "model"), ("产品类别", "category", "category"),
    ("行业代码", "industry", "industry"), ("产品描述", "description", "description"),
    ("上市日期", "launched_on", "launched_on"), ("专利号", "patents", "patents"),
    ("数据年度", "year", "year"), ("销售额", "sales", "sales"), ("产值", "output", "output"),
    ("出口额", "exports", "exports"), ("利润", "profit", "profit"), ("知识产权投入", "ip_input", "ip_input"),
    ("专利贡献占比(%)", "patent_share", "patent_share"),
]
_BY_HEADER = {header.strip().lower(): name for zh, en, name in COLUMNS for header in (zh, en)}
REQUIRED = ("name", "category", "industry", "launched_on", "patents", "sales", "output", "patent_share")
MAX_ROWS = 2000


@dataclass
class ImportResult:
    filed: list[Product] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)


def _score(names: list[str]) -> int:
    return sum(1 for name in names if str(name).strip().lower() in _BY_HEADER)


def template_xlsx() -> bytes:
    """The filing-list template: the header and one example row."""
    example = ["智能电池冷却模组", "BC-200", "汽车零部件", "3670", "用于新能源汽车动力电池的液冷模组", "2023-05-01",
               "202110000001.X; CN113000002A", 2025, 12000000, 12500000, 0, 1500000, 300000, 60]
    return xlsx_bytes(Sheet("产品备案", [example], header=[zh for zh, _en, _name in COLUMNS]))


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for header, value in values.items():
        name = _BY_HEADER.get(str(header).strip().lower())
        if name:
            row[name] = value.strip() if isinstance(value, str) else value
    industry = str(row.get("industry") or "")
    if industry.isdigit() and len(industry) < 4:  # Excel drops the leading zero of 0111
        row["industry"] = industry.zfill(4)
    return row


def import_products(*, actor: Any, filer: Organisation, upload: IO[bytes], name: str,
                    request: Any = None) -> ImportResult:
    """File every good row of the workbook for `filer` (submitted for review); report each bad row."""
    authorize(actor, Action.PRODUCT_FILE, filer, request=request)
    if not name.lower().endswith(".xlsx"):
        raise UnreadableFile(_("Upload the filing list as an .xlsx workbook (use the template)."))
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            handle.write(chunk)
        handle.flush()
        table = read_table(Path(handle.name), "xlsx", score=_score)
        missing = [zh for zh, _en, key in COLUMNS if key in REQUIRED
                   and not any(_BY_HEADER.get(str(h).strip().lower()) == key for h in table.header)]
        if missing:
            raise UnreadableFile(_("The sheet lacks the columns: %(columns)s.") % {"columns": "、".join(missing)})
        return _file_rows(actor, filer, table.rows, request)


def _file_rows(actor: Any, filer: Organisation, rows: Any, request: Any) -> ImportResult:
    result = ImportResult()
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            result.errors.append((row.line, _("At most %(limit)s rows per file; the rest were not read.")
                                  % {"limit": MAX_ROWS}))
            break
        values = _fields(row.values)
        try:
            with transaction.atomic():
                result.filed.append(services.product_file(
                    actor=actor, filer=filer, data=values, patents=values.get("patents"),
                    year_data={k: values.get(k) for k in ("year", *services.AMOUNT_FIELDS)}, request=request))
        except DomainError as exc:
            result.errors.append((row.line, row_reason(exc)))
    return result


def row_reason(exc: DomainError) -> str:
    """The refusal of a row, each problem under the column it concerns (as the file names it)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    if not details:
        return readable(exc)
    columns = {key: zh for zh, _en, key in COLUMNS} | {"data_year": "数据年度"}
    parts = []
    for key, message in details.items():
        text = "；".join(map(str, message)) if isinstance(message, list | tuple) else str(message)
        parts.append(f"{columns.get(key, key)}：{text}")
    return " | ".join(parts)

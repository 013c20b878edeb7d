"""Import of an office's training list (CSV or XLSX): one row per course a manager took, the manager named by their
user name on the platform. Each row goes through the same service as the form (a row is its own savepoint); a bad
row is reported with its line and reason and the good rows are kept. Importing is the organisation administrator's
act (MANAGERS_TRAINING_IMPORT), for its own managers only."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.core.errors import DomainError, readable
from patentbridge.core.spreadsheets import Sheet, xlsx_bytes
from patentbridge.managers import services
from patentbridge.managers.models import TrainingRecord
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.patents.importing.readers import UnreadableFile, detect_format, read_table

# The template's columns (its header, in Chinese as offices fill it), the English name also accepted, the field.
COLUMNS: list[tuple[str, str, str]] = [
    ("用户名", "username", "username"), ("课程", "course", "course"), ("培训机构", "provider", "provider"),
    ("学时", "hours", "hours"), ("日期", "date", "taken_on"), ("证书编号", "certificate_number", "certificate_number"),
]
_BY_HEADER = {header.strip().lower(): name for zh, en, name in COLUMNS for header in (zh, en)}
REQUIRED = ("username", "course", "provider", "hours", "taken_on")
MAX_ROWS = 2000


@dataclass
class ImportResult:
    recorded: list[TrainingRecord] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)


def _score(names: list[str]) -> int:
    return sum(1 for name in names if str(name).strip().lower() in _BY_HEADER)


def template_xlsx() -> bytes:
    """The training-list template: the header and one example row."""
    example = ["zhang.san", "技术经理人中级培训班", "广东省技术经理人协会", 16, "2026-03-15", "JS-2026-0001"]
    return xlsx_bytes(Sheet("培训记录", [example], header=[zh for zh, _en, _name in COLUMNS]))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def import_training(*, actor: Any, organisation: Organisation, upload: IO[bytes], name: str,
                    request: Any = None) -> ImportResult:
    """Record every good row for the organisation's managers; report each bad row."""
    authorize(actor, Action.MANAGERS_TRAINING_IMPORT, organisation, request=request)
    fmt = detect_format(name)
    if fmt not in ("csv", "xlsx"):
        raise UnreadableFile(_("Upload the training list as CSV or XLSX (use the template)."))
    with tempfile.NamedTemporaryFile(suffix="." + fmt) as handle:
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            handle.write(chunk)
        handle.flush()
        table = read_table(Path(handle.name), fmt, score=_score)
        present = {_BY_HEADER.get(str(h).strip().lower()) for h in table.header}
        missing = [zh for zh, _en, key in COLUMNS if key in REQUIRED and key not in present]
        if missing:
            raise UnreadableFile(_("The sheet lacks the columns: %(columns)s.") % {"columns": "、".join(missing)})
        return _record_rows(actor, organisation, table.rows, request)


def _record_rows(actor: Any, organisation: Organisation, rows: Any, request: Any) -> ImportResult:
    result = ImportResult()
    users = get_user_model().objects
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            result.errors.append((row.line, _("At most %(limit)s rows per file; the rest were not read.")
                                  % {"limit": MAX_ROWS}))
            break
        values = {_BY_HEADER[k.strip().lower()]: v for k, v in row.values.items()
                  if str(k).strip().lower() in _BY_HEADER}
        user = users.filter(username=str(values.get("username") or "").strip(), is_active=True).first()
        if user is None:
            result.errors.append((row.line, f"{COLUMNS[0][0]}：" + _("No active user has the user name %(name)s.")
                                  % {"name": values.get("username") or "—"}))
            continue
        try:
            with transaction.atomic():
                result.recorded.append(services.training_add(
                    actor=actor, user=user, organisation=organisation, course=values.get("course", ""),
                    provider=values.get("provider", ""), hours=values.get("hours", ""),
                    taken_on=_date(values.get("taken_on")), certificate_number=values.get("certificate_number", ""),
                    request=request))
        except DomainError as exc:
            result.errors.append((row.line, row_reason(exc)))
    return result


def row_reason(exc: DomainError) -> str:
    """The refusal of a row, each problem under the column it concerns (as the template names it)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    if not details:
        return readable(exc)
    columns = {key: zh for zh, _en, key in COLUMNS}
    return " | ".join(f"{columns.get(key, key)}：{message}" for key, message in details.items())

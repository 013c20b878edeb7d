"""Running an import: validate rows, merge publications of one application, upsert in batches.

Each batch of rows is written in one transaction, so a record and its classifications, applicants
and provenance land together or not at all, while a long file still shows progress and never holds
the database's write lock for the whole run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.db import insert_rows, update_rows
from patentbridge.core.errors import Conflict
from patentbridge.core.spreadsheets import csv_file
from patentbridge.orgs import selectors as org_selectors
from patentbridge.orgs.names import normalize_name
from patentbridge.orgs.permissions import ImportScope
from patentbridge.patents.importing.layouts import Layout, LayoutError, detect_layout, header_score
from patentbridge.patents.importing.readers import Row, Table, count_data_rows, detect_format, read_table
from patentbridge.patents.importing.rows import PatentRecord, RowError, RowParser
from patentbridge.patents.models import (
    ImportBatch,
    ImportRejection,
    IpcEntry,
    LegalEvent,
    LegalStatus,
    Patent,
    PatentRecordSource,
)
from patentbridge.patents.services import write_children
from patentbridge.patents.signals import announce_changed
from patentbridge.patents.terms import expiry_date

BATCH_SIZE = 2000
REPORT_HEADER = ("line", "field", "reason", "value")
BIBLIOGRAPHIC_FIELDS = (
    "patent_type", "title", "abstract", "first_claim", "ipc_main", "ipc_codes", "cpc_codes", "applicant_names",
    "inventors", "address", "province", "legal_status", "legal_status_raw", "industry_codes",
    "emerging_industry", "family_size", "backward_citations", "forward_citations", "agency", "source",
)
NUMBER_FIELDS = (
    "application_number", "publication_number", "publication_kind", "grant_number", "grant_kind",
    "application_date", "publication_date", "grant_date",
)
UPDATE_FIELDS = (*BIBLIOGRAPHIC_FIELDS, *NUMBER_FIELDS, "city", "expiry_date", "source_rank", "updated_at")


# An import run's lifecycle: it runs until it finishes or fails, once. The batch keeps who started it, when it started
# and when it ended: that is its whole history.
BATCH_STEPS: frozenset[tuple[str, str]] = frozenset({
    (ImportBatch.Status.RUNNING, ImportBatch.Status.FINISHED),
    (ImportBatch.Status.RUNNING, ImportBatch.Status.FAILED),
})


def batch_close(*, batch: ImportBatch, to: str, message: str = "") -> ImportBatch:
    """End an import run as finished or failed (with the error); a run ends once."""
    if (batch.status, to) not in BATCH_STEPS:
        raise Conflict(_("This import has already ended."), code="invalid_transition",
                       details={"from": batch.status, "to": to})
    batch.status, batch.finished_at = to, timezone.now()
    if message:
        batch.message = message[:2000]
    batch.save()
    return batch


@dataclass
class ImportOutcome:
    batch: ImportBatch
    errors: list[RowError] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return self.batch.summary


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def known_subclasses() -> set[str]:
    return set(IpcEntry.objects.filter(level=IpcEntry.Level.SUBCLASS).values_list("code", flat=True))


def _snapshot(patent: Patent) -> tuple:
    return tuple(getattr(patent, name) for name in (*BIBLIOGRAPHIC_FIELDS, *NUMBER_FIELDS, "city_id"))


def _is_empty(value: Any) -> bool:
    return value in (None, "", [], LegalStatus.UNKNOWN)


def merge_record(patent: Patent, record: PatentRecord) -> None:
    """Fold one publication's row into the register entry; the higher-ranked row's values win."""
    wins = record.rank >= (patent.source_rank or "")
    for name in BIBLIOGRAPHIC_FIELDS:
        value = getattr(record, name)
        if not _is_empty(value) and (wins or _is_empty(getattr(patent, name))):
            setattr(patent, name, value)
    for name in NUMBER_FIELDS:
        value = getattr(record, name)
        if value and not getattr(patent, name):
            setattr(patent, name, value)
    if wins:
        patent.source_rank = record.rank
    patent.expiry_date = expiry_date(patent.patent_type, patent.application_date)


def where_read(table: Table) -> str:
    """Where the header was looked for, and how to choose another, for a refusal's message."""
    if table.header_row is None:
        return ""
    place = _("Read the header in row %(row)s") % {"row": table.header_row}
    if table.sheet:
        place = _("Read the header in row %(row)s of sheet %(sheet)s") % {"row": table.header_row,
                                                                          "sheet": table.sheet}
    return place + "; " + _("choose another with the header row or sheet option.")


class Importer:
    """Imports one file; see `run()`."""

    def __init__(
        self, path: Path, *, user: Any = None, organisation: Any = None, mapping: dict[str, str] | None = None,
        scope: ImportScope | None = None, display_name: str | None = None,
        progress: Callable[[Iterable[Row], int | None], Iterator[Row]] | None = None,
        sheet: str | None = None, header_row: str | int | None = None,
    ) -> None:
        self.path = path
        self.sheet = sheet or None
        self.header_row = header_row or None
        self.user = user
        self.organisation = organisation
        self.mapping = mapping
        self.scope = scope
        self.display_name = display_name or path.name
        self.progress = progress
        self.errors: list[RowError] = []
        self.seen: dict[str, int] = {}
        self.city_finder = org_selectors.CityFinder()

    def run(self) -> ImportOutcome:
        """Validate and upsert every row; rejected rows go to the report, the good ones are kept."""
        fmt = detect_format(self.display_name)
        table = read_table(self.path, fmt, score=lambda names: header_score(names, self.mapping),
                           sheet=self.sheet, header_row=self.header_row)
        try:
            layout = detect_layout(table.header, self.mapping)
        except LayoutError as exc:
            raise LayoutError(f"{exc} {where_read(table)}") from exc
        batch = ImportBatch.objects.create(
            file_name=self.display_name[:300], file_sha256=file_sha256(self.path), file_format=fmt,
            layout=layout.name, created_by=self.user if getattr(self.user, "is_authenticated", False) else None,
            organisation=self.organisation, source_label=self.display_name[:200],
            sheet_name=table.sheet[:100], sheet_count=table.sheet_count, header_row=table.header_row,
            header_depth=table.header_depth,
        )
        try:
            self._process(batch, layout, table.rows, fmt)
        except Exception as exc:
            if batch.status == ImportBatch.Status.RUNNING:  # else the error came from finishing: keep it visible
                batch_close(batch=batch, to=ImportBatch.Status.FAILED, message=f"{type(exc).__name__}: {exc}")
            raise
        return ImportOutcome(batch=batch, errors=self.errors)

    def _process(self, batch: ImportBatch, layout: Layout, rows: Iterator[Row], fmt: str) -> None:
        parser = RowParser(layout, known_subclasses(), self.display_name, timezone.localdate())
        if self.progress:
            rows = self.progress(rows, count_data_rows(self.path, fmt))
        pending: list[PatentRecord] = []
        for row in rows:
            batch.rows_read += 1
            parsed = parser.parse(row.line, row.values)
            if isinstance(parsed, list):
                self._reject(batch, parsed)
                continue
            duplicate_of = self.seen.get(parsed.dedupe_key)
            if duplicate_of is not None:
                self._reject(batch, [RowError(
                    row.line, "publication_number", _("Duplicate of line %(line)s of the same file") % {"line": duplicate_of},
                    parsed.dedupe_key,
                )])
                continue
            self.seen[parsed.dedupe_key] = row.line
            pending.append(parsed)
            if len(pending) >= BATCH_SIZE:
                self._write(batch, pending)
                pending = []
        if pending:
            self._write(batch, pending)
        self._finish(batch)

    def _reject(self, batch: ImportBatch, errors: list[RowError]) -> None:
        batch.rows_rejected += 1
        self.errors.extend(errors)

    def _finish(self, batch: ImportBatch) -> None:
        batch.report_path = str(self._write_report(batch))
        ImportRejection.objects.bulk_create(
            [ImportRejection(batch=batch, line=e.line, field=e.field, reason=e.reason[:500], value=e.value[:300])
             for e in self.errors],
            batch_size=BATCH_SIZE*4,
        )
        batch_close(batch=batch, to=ImportBatch.Status.FINISHED)

    def _write_report(self, batch: ImportBatch) -> Path:
        directory = Path(settings.IMPORT_REPORT_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        rows = ((e.line, e.field, e.reason, e.value) for e in self.errors)
        return csv_file(directory / f"import-{batch.pk}-rejected.csv", [REPORT_HEADER, *rows])

    @transaction.atomic
    def _write(self, batch: ImportBatch, records: list[PatentRecord]) -> None:
        existing = self._existing(records)
        by_key: dict[str, Patent] = {}
        touched: dict[int, Patent] = {}
        events: dict[int, list[tuple[dt.date | None, str]]] = {}
        sources: list[tuple[Patent, int, str]] = []
        for record in records:
            patent = self._target(record, existing, by_key) or Patent()
            is_new = patent.pk is None and id(patent) not in touched
            before = None if is_new else _snapshot(patent)
            if not self._in_scope(record, patent):
                self._reject(batch, [RowError(
                    record.line, "applicants", _("Not a patent of your organisation"),
                    "|".join(record.applicant_names)[:300],
                )])
                continue
            merge_record(patent, record)
            patent.city = self.city_finder.find(patent.address, patent.applicant_names) or patent.city
            action = "created" if is_new else ("updated" if _snapshot(patent) != before else "unchanged")
            setattr(batch, f"rows_{action}", getattr(batch, f"rows_{action}") + 1)
            if action == "unchanged":
                continue
            for key in self._keys(patent):
                by_key[key] = patent
            touched[id(patent)] = patent
            events.setdefault(id(patent), []).extend(record.legal_events)
            sources.append((patent, record.line, action))
        self._save(touched, events, sources, batch)

    def _in_scope(self, record: PatentRecord, patent: Patent) -> bool:
        if self.scope is None:
            return True
        if patent.pk and not set(patent.owner_org_ids()) & self.scope.org_ids:
            return False
        return bool({normalize_name(n) for n in record.applicant_names} & self.scope.org_names)

    @staticmethod
    def _keys(patent: Patent | PatentRecord) -> list[str]:
        keys = [f"app:{patent.application_number}"] if patent.application_number else []
        keys += [f"pub:{n}" for n in (patent.publication_number, patent.grant_number) if n]
        return keys

    def _target(self, record: PatentRecord, existing: dict[str, Patent], by_key: dict[str, Patent]) -> Patent | None:
        for key in self._keys(record):
            if key in by_key:
                return by_key[key]
            if key in existing:
                return existing[key]
        return None

    def _existing(self, records: list[PatentRecord]) -> dict[str, Patent]:
        apps = {r.application_number for r in records if r.application_number}
        pubs = {n for r in records for n in (r.publication_number, r.grant_number) if n}
        found: dict[str, Patent] = {}
        queryset = Patent.objects.prefetch_related("applicant_links")
        for patent in queryset.filter(application_number__in=apps):
            found[f"app:{patent.application_number}"] = patent
        for column in ("publication_number", "grant_number"):
            for patent in queryset.filter(**{f"{column}__in": pubs}):
                for key in self._keys(patent):
                    found.setdefault(key, patent)
        return found

    def _save(
        self, touched: dict[int, Patent], events: dict[int, list[tuple[dt.date | None, str]]],
        sources: list[tuple[Patent, int, str]], batch: ImportBatch,
    ) -> None:
        created = [p for p in touched.values() if p.pk is None]
        changed = [p for p in touched.values() if p.pk is not None]
        now = timezone.now()
        for patent in changed:
            patent.updated_at = now
        _insert_patents(created, now)
        update_rows(Patent, changed, UPDATE_FIELDS)
        write_children(created + changed, replace=bool(changed), city_finder=self.city_finder)
        LegalEvent.objects.bulk_create(
            [LegalEvent(patent=p, date=day, description=text, source="import")
             for key, p in touched.items() for day, text in events.get(key, [])],
            batch_size=BATCH_SIZE, ignore_conflicts=True,
        )
        insert_rows(PatentRecordSource, ("patent", "batch", "line", "action"),
                    [(p.pk, batch.pk, line, action) for p, line, action in sources])
        announce_changed([p.pk for p in touched.values()], new_ids=[p.pk for p in created])


INSERT_FIELDS = tuple(
    f.name for f in Patent._meta.concrete_fields if not f.primary_key
)


def _insert_patents(patents: list[Patent], now: Any) -> None:
    """Insert new records with one prepared statement, then read back their ids by number."""
    for patent in patents:
        patent.created_at = patent.updated_at = now
    insert_rows(Patent, INSERT_FIELDS, [[getattr(p, Patent._meta.get_field(f).attname) for f in INSERT_FIELDS]
                                        for p in patents])
    by_number = {}
    for column in ("application_number", "publication_number", "grant_number"):
        wanted = [getattr(p, column) for p in patents if getattr(p, column)]
        for start in range(0, len(wanted), 5000):
            rows = Patent.objects.filter(**{f"{column}__in": wanted[start:start + 5000]}).values_list(column, "id")
            by_number.update({(column, number): pk for number, pk in rows})
    for patent in patents:
        column = next(c for c in ("application_number", "publication_number", "grant_number") if getattr(patent, c))
        patent.pk = by_number[(column, getattr(patent, column))]
        patent._state.adding = False


def import_file(path: Path, **kwargs: Any) -> ImportOutcome:
    """Import one CSV/XLSX/JSONL file (optionally .gz) into the register."""
    return Importer(path, **kwargs).run()

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from tqdm import tqdm

from patentbridge.patents.importing.layouts import LayoutError, parse_mapping
from patentbridge.patents.importing.readers import UnreadableFile
from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.reference import reference_loaded


class Command(BaseCommand):
    help = (
        "Import patents from CSV, XLSX or JSONL (optionally .gz). Known export layouts are detected; "
        "others need --map FIELD=COLUMN. Bad rows go to a report file; good rows are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                            help="map a register field to a column of the file (repeatable)")
        parser.add_argument("--sheet", metavar="NAME|N",
                            help="the worksheet to read, by name or 1-based position (default: the sheet whose "
                                 "header names the most known columns)")
        parser.add_argument("--header-row", metavar="N",
                            help="the 1-based row of the header, or N-M for a header over two rows (default: the "
                                 "row among the first 20 that names the most known columns)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    def handle(self, *args, **options) -> None:
        if not reference_loaded():
            raise CommandError("Reference tables are empty: run `patentbridge load-reference` first.")
        try:
            mapping = parse_mapping(options["map"])
        except LayoutError as exc:
            raise CommandError(str(exc)) from exc
        totals = dict.fromkeys(("read", "created", "updated", "rejected"), 0)
        for path in options["files"]:
            batch = self._import_one(path, mapping, show_progress=not options["no_progress"],
                                     sheet=options["sheet"], header_row=options["header_row"])
            for key in totals:
                totals[key] += getattr(batch, f"rows_{key}") if batch else 0
        self.stdout.write(" ".join(f"{key}={value}" for key, value in totals.items()))
        if totals["read"] == 0:
            raise CommandError("Nothing could be read.")

    def _import_one(self, path: Path, mapping: dict[str, str], *, show_progress: bool, sheet: str | None = None,
                    header_row: str | None = None):
        if not path.is_file():
            self.stderr.write(f"{path}: no such file")
            return None

        def progress(rows, total):
            return tqdm(rows, total=total, unit="row", desc=path.name, disable=not show_progress, leave=False)

        try:
            outcome = import_file(path, mapping=mapping or None, progress=progress, sheet=sheet,
                                  header_row=header_row)
        except (UnreadableFile, LayoutError) as exc:
            self.stderr.write(f"{path}: {exc}")
            return None
        batch = outcome.batch
        if batch.rows_rejected:
            self.stderr.write(f"{path.name}: {batch.rows_rejected} rows rejected, reasons in {batch.report_path}")
        # The layout's raw name stays in brackets for scripts that read this line.
        self.stdout.write(f"{path.name} [{batch.layout}] " + gettext("%(summary)s; %(unchanged)s unchanged") % {
            "summary": batch.summary, "unchanged": batch.rows_unchanged})
        if batch.table_location:
            self.stdout.write(f"{path.name}: {batch.table_location}")
        return batch

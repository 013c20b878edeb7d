from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patentbridge.patents.citations import citations_import

SHOWN_REJECTIONS = 50


class Command(BaseCommand):
    help = ("Import patent citations from a CSV (columns citing, cited, optionally examiner_cited; .gz allowed), as "
            "shared/data/energy_recovery_patents_gp/citations.csv. Good rows are kept, bad rows are reported with "
            "their line and reason; citations are linked to register patents now and when they are imported later.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="where the citations come from (default: the file name)")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            report = citations_import(path, source=options["source"] or path.name)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for line, reason in report.rejected[:SHOWN_REJECTIONS]:
            self.stderr.write(f"line {line}: {reason}")
        if len(report.rejected) > SHOWN_REJECTIONS:
            self.stderr.write(f"… and {len(report.rejected) - SHOWN_REJECTIONS} more rejected rows")
        self.stdout.write(f"created={report.created} already_known={report.already_known} "
                          f"linked={report.linked} rejected={len(report.rejected)}")

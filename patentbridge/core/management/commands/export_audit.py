import datetime as dt
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from patentbridge.core.models import SecurityEvent
from patentbridge.core.selectors import AUDIT_COLUMNS, audit_trail
from patentbridge.core.services import operator_name, security_event_record
from patentbridge.core.spreadsheets import Sheet, csv_file, xlsx_file


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date of the form YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Write the security events and change-log entries of a period to a CSV or XLSX file for auditors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, type=_date, help="first day (YYYY-MM-DD, local time)")
        parser.add_argument("--until", required=True, type=_date, help="last day, included")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, **options) -> None:
        since, until, output = options["since"], options["until"], options["output"]
        if until < since:
            raise CommandError("--until is before --since")
        translation.activate(settings.LANGUAGE_CODE)  # auditors read the headers in the platform's language
        rows = audit_trail(since, until)
        if options["format"] == "xlsx":
            xlsx_file(output, Sheet(f"{since}..{until}", rows, header=[str(c) for c in AUDIT_COLUMNS]))
        else:
            csv_file(output, chain([AUDIT_COLUMNS], rows))
        security_event_record(kind=SecurityEvent.Kind.AUDIT_EXPORTED, username=operator_name(),
                              detail=f"{options['format']} {since}..{until} -> {output}"[:500])
        self.stdout.write(f"wrote {output}")

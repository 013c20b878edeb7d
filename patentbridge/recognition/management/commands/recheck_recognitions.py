"""Yearly, after the first-quarter update: lapse the recognitions that no longer stand."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from patentbridge.core.errors import DomainError
from patentbridge.recognition.services import recognitions_recheck


class Command(BaseCommand):
    help = ("Re-check for YEAR (default: this year) every product recognised for an earlier year: it lapses, with "
            "the reasons and a notice to its filer, when its filing was revoked, its data for YEAR-1 were not "
            "reported on time, or none of its patents is in force and still held. From 1 April of YEAR.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, **options) -> None:
        year = options["year"] or timezone.localdate().year
        try:
            with transaction.atomic():
                lapsed = recognitions_recheck(year=year)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for recognition in lapsed:
            self.stdout.write(f"lapsed: {recognition.product} ({recognition.year}): {'; '.join(recognition.lapse_reasons)}")
        self.stdout.write(f"{len(lapsed)} recognition(s) lapsed")

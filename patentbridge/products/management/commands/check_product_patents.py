"""Daily: check every filed product's patents again and prompt the filers whose products hold none any more."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from patentbridge.products.services import patents_recheck


class Command(BaseCommand):
    help = ("Check every filed product's patents again; where none is in force and held by the filer any more, "
            "ask the filer to confirm revocation (once).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="check as of this day (YYYY-MM-DD)")

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            prompted = patents_recheck(today=options["date"] or timezone.localdate())
        self.stdout.write(f"{len(prompted)} product(s) prompted to confirm revocation")

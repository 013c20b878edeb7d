"""Daily: close the listings whose period ended (no interest, agreed with the one interested party, or sent to
competitive bidding)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from patentbridge.listings.services import listings_close_due


class Command(BaseCommand):
    help = "Close the listings whose period ended before today (or --date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="as if today were YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        closed, failed = listings_close_due(options["date"] or timezone.localdate())
        for listing in closed:
            self.stdout.write(f"{listing.number}: {listing.status}")
        for number, why in failed:
            self.stderr.write(f"{number}: not closed: {why}")
        self.stdout.write(f"{len(closed)} listing(s) closed, {len(failed)} not")

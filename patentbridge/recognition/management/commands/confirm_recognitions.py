"""Daily: recognise the products whose public notice ended before today with no open objection."""

from django.core.management.base import BaseCommand
from django.db import transaction

from patentbridge.recognition.services import notices_close


class Command(BaseCommand):
    help = ("Mark recognised every recognition whose public notice ended before today with no open objection "
            "(those with an open objection wait for a regulator).")

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            done = notices_close()
        self.stdout.write(f"{len(done)} recognition(s) confirmed")

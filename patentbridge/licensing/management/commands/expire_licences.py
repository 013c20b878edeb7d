"""Daily: end the open licences whose term has run out (and release their hold on the patent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from patentbridge.licensing.services import licences_expire


class Command(BaseCommand):
    help = "End the open licences whose term ran out before today."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            ended = licences_expire(timezone.localdate())
        self.stdout.write(f"{ended} licence(s) ended")

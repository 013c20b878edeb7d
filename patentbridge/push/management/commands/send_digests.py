from django.core.management.base import BaseCommand

from patentbridge.push.models import Frequency
from patentbridge.push.services import digests_send


class Command(BaseCommand):
    help = "E-mail the pending notifications of daily or weekly subscriptions as one digest per person (run by cron)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--frequency", choices=Frequency.values, default=Frequency.DAILY)

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"digests sent: {digests_send(options['frequency'])}")

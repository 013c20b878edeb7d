from django.core.management.base import BaseCommand

from patentbridge.notices.services import digests_send


class Command(BaseCommand):
    help = ("Daily (run by cron): e-mail each person one digest of their not-yet-mailed notifications of the kinds "
            "they get in the digest.")

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"notification digests sent: {digests_send()}")

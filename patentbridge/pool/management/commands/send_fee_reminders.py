from django.core.management.base import BaseCommand
from django.utils import timezone

from patentbridge.pool.reminders import fee_reminders_send


class Command(BaseCommand):
    help = ("E-mail institutions' tech-transfer offices the annual fees due in 30 and 7 days and those overdue "
            "(each once); schedule it daily with cron.")

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"fee reminders sent: {fee_reminders_send(timezone.localdate())}")

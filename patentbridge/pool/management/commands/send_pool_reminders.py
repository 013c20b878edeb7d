from django.core.management.base import BaseCommand
from django.utils import timezone

from patentbridge.pool.reminders import fee_reminders_send, unused_funded_alerts_send


class Command(BaseCommand):
    help = ("E-mail institutions' tech-transfer offices the annual fees due in 30 and 7 days and those overdue, and "
            "alert offices and regulators to state-funded patents unused for five years (each once); run daily.")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        self.stdout.write(f"fee reminders sent: {fee_reminders_send(today)}")
        self.stdout.write(f"unused funded-patent alerts sent: {unused_funded_alerts_send(today)}")

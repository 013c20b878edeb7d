from django.core.management.base import BaseCommand
from django.utils import timezone

from patentbridge.pool.reminders import fee_reminders_send, unused_funded_alerts_send
from patentbridge.recordation.reminders import recordation_reminders_send


class Command(BaseCommand):
    help = ("Daily reminders (run by cron): annual fees due in 30 and 7 days or overdue; state-funded patents unused "
            "for five years; recordations due in 30 and 7 days or overdue. Each is sent once.")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        self.stdout.write(f"fee reminders sent: {fee_reminders_send(today)}")
        self.stdout.write(f"unused funded-patent alerts sent: {unused_funded_alerts_send(today)}")
        self.stdout.write(f"recordation reminders sent: {recordation_reminders_send(today)}")

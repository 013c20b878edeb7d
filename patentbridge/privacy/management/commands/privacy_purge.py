from django.core.management.base import BaseCommand
from django.db import transaction

from patentbridge.privacy.services import purge_expired


class Command(BaseCommand):
    help = ("Erase what kept records of an erased person still hold once their retention period has run out "
            "(schedule daily).")

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            purged = purge_expired()
        self.stdout.write(f"purged={purged}")

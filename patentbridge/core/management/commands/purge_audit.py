from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from patentbridge.core.services import audit_purge, operator_name


class Command(BaseCommand):
    help = "Delete security events and change-log entries older than AUDIT_RETENTION_DAYS (schedule daily)."

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                counts = audit_purge(by=operator_name())
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()))

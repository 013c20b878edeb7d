"""Each minute (cron): take every step the clock has made due — open announced lots at their start, close those whose
end has passed, retry refused deposit refunds. Each lot in its own transaction; the result depends only on the
server's clock, and the bid and poll views take the same steps when they see the time has passed."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from patentbridge.auctions import selectors, services
from patentbridge.auctions.models import Lot


class Command(BaseCommand):
    help = "Open and close the auction lots whose time has come; retry refused deposit refunds."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        ids = selectors.lots_due(now)
        for lot in Lot.objects.filter(pk__in=ids):
            with transaction.atomic():
                services.lot_tick(lot=lot, now=now)
        self.stdout.write(f"{len(ids)} lot(s) stepped")

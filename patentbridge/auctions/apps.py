from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuctionsConfig(AppConfig):
    name = "patentbridge.auctions"
    label = "auctions"
    verbose_name = _("Auctions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.auctions import models, panels, receivers
        from patentbridge.core.panels import panel_register

        for model in (models.AuctioneerLicence, models.AuctionOfficer, models.Lot, models.LotItem,
                      models.Registration, models.Bid, models.LotStep, models.Confirmation):
            auditlog.register(model)
        receivers.connect()
        panel_register("listings.listing", panels.listing_bidding)

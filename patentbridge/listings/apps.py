from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "patentbridge.listings"
    label = "listings"
    verbose_name = _("Listed transfers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.listings import models

        for model in (models.Listing, models.ExpressionOfInterest, models.ListingStep):
            auditlog.register(model)

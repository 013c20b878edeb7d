from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevenueConfig(AppConfig):
    name = "patentbridge.revenue"
    label = "revenue"
    verbose_name = _("Inventor revenue")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.revenue.models import Income, InventorShare, JurisdictionFloor, RewardPayment, RewardPolicy

        for model in (JurisdictionFloor, RewardPolicy, Income, InventorShare, RewardPayment):
            auditlog.register(model)

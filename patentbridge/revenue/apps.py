from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "patentbridge.revenue"
    label = "revenue"
    verbose_name = "Inventor revenue"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.revenue.models import Income, InventorShare, RewardPayment, RewardPolicy

        for model in (RewardPolicy, Income, InventorShare, RewardPayment):
            auditlog.register(model)

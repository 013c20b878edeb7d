from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "patentbridge.rewards"
    label = "rewards"
    verbose_name = _("Sales-based rewards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.rewards.models import RewardApplication, SalesRewardPolicy

        for model in (SalesRewardPolicy, RewardApplication):
            auditlog.register(model)

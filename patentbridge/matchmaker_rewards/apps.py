from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakerRewardsConfig(AppConfig):
    name = "patentbridge.matchmaker_rewards"
    label = "matchmaker_rewards"
    verbose_name = _("Matchmaker rewards")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.matchmaker_rewards.models import MatchmakerApplication, MatchmakerPolicy

        for model in (MatchmakerPolicy, MatchmakerApplication):
            auditlog.register(model)

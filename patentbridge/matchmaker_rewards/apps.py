from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakerRewardsConfig(AppConfig):
    name = "patentbridge.matchmaker_rewards"
    label = "matchmaker_rewards"
    verbose_name = _("Matchmaker rewards")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "patentbridge.demands"
    label = "demands"
    verbose_name = _("Technology demands")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.demands.models import Demand, Match
        from patentbridge.demands.panels import patent_demand_panel

        auditlog.register(Demand)
        auditlog.register(Match)
        panel_register("patents.patent", patent_demand_panel)

from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "patentbridge.demands"
    label = "demands"
    verbose_name = "Technology demands"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.demands.models import Demand, Match

        auditlog.register(Demand)
        auditlog.register(Match)

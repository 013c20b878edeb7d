from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "patentbridge.monitoring"
    label = "monitoring"
    verbose_name = _("Industry statistics")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.monitoring.models import Account, InclusionWeight, RegionalGdp

        for model in (Account, RegionalGdp, InclusionWeight):
            auditlog.register(model)

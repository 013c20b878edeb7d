from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "patentbridge.kpi"
    label = "kpi"
    verbose_name = _("Programme KPIs")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.kpi.models import RecordationBaseline

        auditlog.register(RecordationBaseline)

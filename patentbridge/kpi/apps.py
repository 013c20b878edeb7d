from django.apps import AppConfig


class KpiConfig(AppConfig):
    name = "patentbridge.kpi"
    label = "kpi"
    verbose_name = "Programme KPIs"

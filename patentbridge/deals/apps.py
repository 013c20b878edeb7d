from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "patentbridge.deals"
    label = "deals"
    verbose_name = "Negotiated deals"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.deals.models import Deal

        auditlog.register(Deal)

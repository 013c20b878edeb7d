from django.apps import AppConfig


class RecordationConfig(AppConfig):
    name = "patentbridge.recordation"
    label = "recordation"
    verbose_name = "Recordation and registration"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.recordation.models import (
            Recordation,
            RecordationFiling,
            RoyaltyReceipt,
            TechContractRegistration,
        )

        for model in (Recordation, RecordationFiling, TechContractRegistration, RoyaltyReceipt):
            auditlog.register(model)

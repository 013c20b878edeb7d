from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordationConfig(AppConfig):
    name = "patentbridge.recordation"
    label = "recordation"
    verbose_name = _("Recordation and registration")

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

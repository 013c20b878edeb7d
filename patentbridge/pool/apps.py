from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    name = "patentbridge.pool"
    label = "pool"
    verbose_name = _("Convertible-patent pool")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.pool import receivers  # noqa: F401
        from patentbridge.pool.models import (
            ConfigVersion,
            FeePayment,
            FundedProject,
            ImplementationReport,
            MarketFeedback,
            PoolEntry,
            StandardDeclaration,
        )

        for model in (ConfigVersion, PoolEntry, MarketFeedback, StandardDeclaration, FundedProject,
                      ImplementationReport, FeePayment):
            auditlog.register(model)

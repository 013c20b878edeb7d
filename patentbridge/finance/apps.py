from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "patentbridge.finance"
    label = "finance"
    verbose_name = _("IP finance")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.finance import models, receivers, routes
        from patentbridge.finance.panels import patent_disposal

        for model in (models.PledgeDisposal, models.DisposalStep):
            auditlog.register(model)
        receivers.connect()
        routes.connect()
        panel_register("patents.patent", patent_disposal)

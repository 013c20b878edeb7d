from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionersConfig(AppConfig):
    name = "patentbridge.commissioners"
    label = "commissioners"
    verbose_name = _("Patent-operation commissioners")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.commissioners import models
        from patentbridge.commissioners.panels import deal_attribution
        from patentbridge.core.panels import panel_register

        for model in (models.Designation, models.Assignment, models.ServiceRequest, models.Attribution):
            auditlog.register(model)
        panel_register("deals.deal", deal_attribution)

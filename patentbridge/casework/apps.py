from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "patentbridge.casework"
    label = "casework"
    verbose_name = _("Technology cases")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.casework import models, receivers
        from patentbridge.casework.panels import caseload_panel
        from patentbridge.core.panels import panel_register

        for model in (models.Disclosure, models.DisclosureInventor, models.PlannedPublication,
                      models.DisclosureAttachment, models.TechnologyCase, models.CaseAssessment, models.CasePatent,
                      models.CaseTask):
            auditlog.register(model)
        receivers.connect()
        panel_register("managers.office", caseload_panel)

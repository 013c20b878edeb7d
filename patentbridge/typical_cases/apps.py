from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TypicalCasesConfig(AppConfig):
    name = "patentbridge.typical_cases"
    label = "typical_cases"
    verbose_name = _("Typical cases")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.typical_cases.models import TypicalCase, TypicalCaseStep
        from patentbridge.typical_cases.panels import patent_typical_cases

        auditlog.register(TypicalCase, exclude_fields=["updated_at"], m2m_fields={"patents"})
        auditlog.register(TypicalCaseStep)
        panel_register("patents.patent", patent_typical_cases)

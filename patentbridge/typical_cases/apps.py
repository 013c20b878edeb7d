from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TypicalCasesConfig(AppConfig):
    name = "patentbridge.typical_cases"
    label = "typical_cases"
    verbose_name = _("Typical cases")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.typical_cases.models import TypicalCase, TypicalCaseStep

        auditlog.register(TypicalCase, exclude_fields=["updated_at"], m2m_fields={"patents"})
        auditlog.register(TypicalCaseStep)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TypicalCasesConfig(AppConfig):
    name = "patentbridge.typical_cases"
    label = "typical_cases"
    verbose_name = _("Typical cases")

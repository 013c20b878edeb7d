from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "patentbridge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core import checks, signals  # noqa: F401
        from patentbridge.core.models import CalendarDay

        auditlog.register(CalendarDay)  # an edited holiday moves every deadline counted in working days

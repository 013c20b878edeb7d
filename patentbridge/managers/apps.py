from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagersConfig(AppConfig):
    name = "patentbridge.managers"
    label = "managers"
    verbose_name = _("Technology managers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.managers.models import ManagerProfile, TrainingRecord

        # The grade's history is read back from this trail (who changed it, when).
        auditlog.register(ManagerProfile, exclude_fields=["updated_at"], m2m_fields={"industries"})
        auditlog.register(TrainingRecord)

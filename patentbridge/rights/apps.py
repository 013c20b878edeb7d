from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "patentbridge.rights"
    label = "rights"
    verbose_name = _("Patent rights")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.rights.models import FeeStatus, Grant, Pledge, Suspension

        for model in (Grant, Pledge, Suspension, FeeStatus):
            auditlog.register(model)

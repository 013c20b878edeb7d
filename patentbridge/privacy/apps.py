from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "patentbridge.privacy"
    label = "privacy"
    verbose_name = _("Personal information requests")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.privacy import models

        auditlog.register(models.PrivacyRequest)

from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "patentbridge.licensing"
    label = "licensing"
    verbose_name = "Open licensing"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.licensing.models import OpenLicenceDeclaration

        auditlog.register(OpenLicenceDeclaration)

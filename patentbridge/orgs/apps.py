from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "patentbridge.orgs"
    label = "orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.orgs.models import Membership, Organisation

        auditlog.register(Organisation)
        auditlog.register(Membership)

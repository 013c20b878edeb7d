from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "patentbridge.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.orgs.models import IdentityChange, Membership, Organisation

        for model in (Organisation, Membership, IdentityChange):
            auditlog.register(model)

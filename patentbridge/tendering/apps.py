from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenderingConfig(AppConfig):
    name = "patentbridge.tendering"
    label = "tendering"
    verbose_name = _("Agency tendering")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.tendering.models import AgencyRegistration, Bid, Tender

        auditlog.register(AgencyRegistration, exclude_fields=["updated_at"])
        auditlog.register(Tender)
        auditlog.register(Bid, exclude_fields=["submitted_at"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "patentbridge.deals"
    label = "deals"
    verbose_name = _("Negotiated deals")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.deals.models import Deal, DealConsent
        from patentbridge.deals.selectors import deal_page_of_grant
        from patentbridge.deals.services import on_grant_recorded
        from patentbridge.notices.links import link_register
        from patentbridge.rights.signals import grant_recorded

        auditlog.register(Deal)
        auditlog.register(DealConsent)
        grant_recorded.connect(on_grant_recorded, dispatch_uid="deals.on_grant_recorded")
        link_register("rights.grant", deal_page_of_grant)

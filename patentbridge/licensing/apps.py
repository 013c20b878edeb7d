from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "patentbridge.licensing"
    label = "licensing"
    verbose_name = _("Open licensing")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.licensing.models import (
            AdjustmentCoefficient,
            IndustryRoyaltyRate,
            OpenLicence,
            OpenLicenceDeclaration,
            Payment,
        )
        from patentbridge.licensing.panels import open_licence_fee
        from patentbridge.licensing.selectors import licence_page_of_grant
        from patentbridge.notices.links import link_register

        for model in (OpenLicenceDeclaration, OpenLicence, Payment, IndustryRoyaltyRate, AdjustmentCoefficient):
            auditlog.register(model)
        link_register("rights.grant", licence_page_of_grant)
        panel_register("pool.open_licence_fee", open_licence_fee)

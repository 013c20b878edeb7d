from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "patentbridge.licensing"
    label = "licensing"
    verbose_name = "Open licensing"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.licensing.models import (
            AdjustmentCoefficient,
            IndustryRoyaltyRate,
            OpenLicence,
            OpenLicenceDeclaration,
            Payment,
        )
        from patentbridge.licensing.selectors import licence_page_of_grant
        from patentbridge.notices.links import link_register

        for model in (OpenLicenceDeclaration, OpenLicence, Payment, IndustryRoyaltyRate, AdjustmentCoefficient):
            auditlog.register(model)
        link_register("rights.grant", licence_page_of_grant)

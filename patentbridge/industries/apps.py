from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustriesConfig(AppConfig):
    """Patent-intensive industries (2019 classification) and strategic emerging industries (SEI ↔ IPC, 2021)."""

    name = "patentbridge.industries"
    label = "industries"
    verbose_name = _("Industries")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.industries import receivers  # noqa: F401
        from patentbridge.industries.models import DeclaredIndustry
        from patentbridge.industries.panels import organisation_industries_panel, patent_industries_panel

        # Who declared which industry for an organisation: its patents are counted there.
        auditlog.register(DeclaredIndustry)
        panel_register("patents.patent", patent_industries_panel)
        panel_register("orgs.organisation", organisation_industries_panel)

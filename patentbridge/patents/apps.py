from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "patentbridge.patents"
    label = "patents"
    verbose_name = _("Patents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.patents.models import LegalEvent, Patent, PatentApplicant, PatentCitation
        from patentbridge.patents.panels import organisation_patents
        from patentbridge.patents.receivers import link_citations_of_new_patents
        from patentbridge.patents.signals import patents_changed

        auditlog.register(Patent, exclude_fields=["updated_at", "search_text"])
        # Who owns a patent, and the legal events on the register that decide what it may still be used for.
        auditlog.register(PatentApplicant)
        auditlog.register(LegalEvent)
        panel_register("orgs.organisation", organisation_patents)
        auditlog.register(PatentCitation)
        patents_changed.connect(link_citations_of_new_patents, dispatch_uid="patents.link_citations")

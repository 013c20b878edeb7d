from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "patentbridge.patents"
    label = "patents"
    verbose_name = "Patents"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.core.panels import panel_register
        from patentbridge.patents.models import Patent
        from patentbridge.patents.panels import organisation_patents

        auditlog.register(Patent, exclude_fields=["updated_at", "search_text"])
        panel_register("orgs.organisation", organisation_patents)

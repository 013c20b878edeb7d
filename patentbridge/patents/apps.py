from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "patentbridge.patents"
    label = "patents"
    verbose_name = "Patents"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.patents.models import LegalEvent, Patent, PatentApplicant

        auditlog.register(Patent, exclude_fields=["updated_at", "search_text"])
        # Who owns a patent, and the legal events on the register that decide what it may still be used for.
        auditlog.register(PatentApplicant)
        auditlog.register(LegalEvent)

from django.apps import AppConfig


class PatentsConfig(AppConfig):
    name = "patentbridge.patents"
    label = "patents"
    verbose_name = "Patents"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.patents.models import Patent

        auditlog.register(Patent, exclude_fields=["updated_at", "search_text"])

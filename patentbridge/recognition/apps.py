from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "patentbridge.recognition"
    label = "recognition"
    verbose_name = _("Patent-intensive products")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.recognition.models import Criterion, Objection, Recognition, RecognitionSettings

        for model in (Recognition, Objection, Criterion, RecognitionSettings):
            auditlog.register(model)

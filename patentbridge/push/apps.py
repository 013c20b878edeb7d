from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "patentbridge.push"
    label = "push"
    verbose_name = _("Precise push")

    def ready(self) -> None:
        from patentbridge.push import receivers  # noqa: F401

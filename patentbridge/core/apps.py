from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "patentbridge.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from patentbridge.core import checks, signals  # noqa: F401

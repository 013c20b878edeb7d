from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "patentbridge.push"
    label = "push"
    verbose_name = "Precise push"

    def ready(self) -> None:
        from patentbridge.push import receivers  # noqa: F401

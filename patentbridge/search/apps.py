from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "patentbridge.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from patentbridge.search import receivers  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "patentbridge.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from patentbridge.core.metrics import register_scrape_collector
        from patentbridge.search import receivers  # noqa: F401
        from patentbridge.search.metrics import IndexCollector

        register_scrape_collector(IndexCollector())  # the index's age and generation at /metrics

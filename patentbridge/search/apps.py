from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "patentbridge.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from patentbridge.core.backup import backup_tree_register
        from patentbridge.core.metrics import register_scrape_collector
        from patentbridge.search import receivers  # noqa: F401
        from patentbridge.search.metrics import IndexCollector

        backup_tree_register("search", _index_root)
        register_scrape_collector(IndexCollector())  # the index's age and generation at /metrics


def _index_root() -> Path:
    from patentbridge.search.lexical import index_root  # bm25s loads only when a backup asks, not at start-up

    return index_root()

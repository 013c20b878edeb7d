from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "patentbridge.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from patentbridge.search import receivers  # noqa: F401

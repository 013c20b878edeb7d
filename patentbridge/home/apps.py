from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site as a whole, above every domain app: home page, audit trail and health pages, demo setup, daily reminders."""

    name = "patentbridge.home"
    label = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        from patentbridge.core.panels import panel_register
        from patentbridge.home.views import health_nav_link

        panel_register("site.nav", health_nav_link)

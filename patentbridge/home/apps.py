from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site as a whole, above every domain app: home page, audit trail page, demo setup, daily reminders."""

    name = "patentbridge.home"
    label = "home"
    verbose_name = "Home"

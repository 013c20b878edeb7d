from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The site as a whole, above every domain app: home, audit trail and health pages, demo setup, reminders."""

    name = "patentbridge.home"
    label = "home"
    verbose_name = _("Home")


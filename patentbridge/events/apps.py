from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "patentbridge.events"
    label = "events"
    verbose_name = _("Matchmaking events")

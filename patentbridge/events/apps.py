from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "patentbridge.events"
    label = "events"
    verbose_name = _("Matchmaking events")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.events import models

        for model in (models.Event, models.AgendaItem, models.Invitation, models.Registration, models.Meeting):
            auditlog.register(model)

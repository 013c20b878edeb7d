from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "patentbridge.committee"
    label = "committee"
    verbose_name = _("Expert committee")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from patentbridge.committee import models

        for model in (models.ReviewRequest, models.CommitteeMember, models.CommitteePolicy, models.Meeting,
                      models.AgendaItem, models.Attendance, models.Opinion):
            auditlog.register(model)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustriesConfig(AppConfig):
    """Patent-intensive industries (2019 classification) and strategic emerging industries (SEI ↔ IPC, 2021)."""

    name = "patentbridge.industries"
    label = "industries"
    verbose_name = _("Industries")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagersConfig(AppConfig):
    name = "patentbridge.managers"
    label = "managers"
    verbose_name = _("Technology managers")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "naptrack.transfers"
    label = "transfers"
    verbose_name = _("Imports and templates")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodsConfig(AppConfig):
    name = "naptrack.periods"
    label = "periods"
    verbose_name = _("Periods")

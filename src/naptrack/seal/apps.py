from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SealConfig(AppConfig):
    name = "naptrack.seal"
    label = "seal"
    verbose_name = _("Gender Equality Seal")

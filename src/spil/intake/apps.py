from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "spil.intake"
    label = "intake"
    verbose_name = _("Broad intake")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KetenoverlegConfig(AppConfig):
    name = "spil.ketenoverleg"
    label = "ketenoverleg"
    verbose_name = _("Chain meeting (ketenoverleg)")

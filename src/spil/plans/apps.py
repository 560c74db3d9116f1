from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "spil.plans"
    label = "plans"
    verbose_name = _("Civic integration and participation plans (PIP)")

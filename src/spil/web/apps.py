from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The web shell on top of every app: the start page per role and the navigation."""

    name = "spil.web"
    label = "web"
    verbose_name = _("Spil web shell")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuoConfig(AppConfig):
    name = "spil.duo"
    label = "duo"
    verbose_name = _("DUO exchange")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from spil.duo import checks  # noqa: F401 - registers the deployment checks

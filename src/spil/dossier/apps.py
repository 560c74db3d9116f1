from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "spil.dossier"
    label = "dossier"
    verbose_name = _("Dossier")

    def ready(self) -> None:
        # Imported once the app registry is ready: services imports models.
        from spil.dossier import services
        from spil.trajectories import events

        events.on_status_changed(services.record_status_change)

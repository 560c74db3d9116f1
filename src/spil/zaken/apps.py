from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZakenConfig(AppConfig):
    name = "spil.zaken"
    label = "zaken"
    verbose_name = _("Zaaksysteem (ZGW)")

    def ready(self) -> None:
        # The lower apps announce changes; the zaaksysteem link listens (records calls).
        from spil.dossier import events as dossier_events
        from spil.plans import events as plan_events
        from spil.trajectories import events as trajectory_events
        from spil.zaken import services

        trajectory_events.on_status_changed(services.record_status_change)
        plan_events.on_pip_established(services.record_pip_established)
        dossier_events.on_document_added(services.record_document_added)

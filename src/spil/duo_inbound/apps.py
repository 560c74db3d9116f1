from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuoInboundConfig(AppConfig):
    """DUO's notifications to Spil: the Notificatie API and the processing of DUO's events.
    The models (DuoNotification, DuoCall) belong to the `duo` app below."""

    name = "spil.duo_inbound"
    label = "duo_inbound"
    verbose_name = _("DUO notifications")

    def ready(self) -> None:
        # Imported once the app registry is ready: services imports models.
        from django.db.models.signals import post_delete, post_save

        from spil.accounts.models import Organisation
        from spil.duo_inbound import services

        def forget(**kwargs: object) -> None:
            services.clear_municipality_cache()

        post_save.connect(forget, sender=Organisation, weak=False, dispatch_uid="duo-oin-cache")
        post_delete.connect(forget, sender=Organisation, weak=False, dispatch_uid="duo-oin-cache-d")

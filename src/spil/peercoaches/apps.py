from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerCoachesConfig(AppConfig):
    name = "spil.peercoaches"
    label = "peercoaches"
    verbose_name = _("Peer coaches")

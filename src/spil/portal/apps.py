from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from spil.portal import digid
from spil.portal.digid_oidc import OidcConfig, OidcDigidBackend


class PortalConfig(AppConfig):
    name = "spil.portal"
    label = "portal"
    verbose_name = _("Newcomer portal")

    def ready(self) -> None:
        # DigiD over the municipality's OIDC broker, when configured (README: SPIL_DIGID_OIDC_*).
        # Registered after the DigiD mock (the development tools come first in
        # INSTALLED_APPS), so a configured provider wins there too.
        if settings.SPIL_DIGID_OIDC_ENABLED:
            digid.register_backend(OidcDigidBackend(OidcConfig.from_settings()))

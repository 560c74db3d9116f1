from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from spil.core import extensions

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("spil.accounts.urls")),
    path("", include("spil.web.urls")),
    path("personen/", include("spil.dossier.urls")),
    path("personen/", include("spil.intake.urls")),
    path("personen/", include("spil.plans.urls")),
    path("beheer/verwerkingen/", include("spil.audit.urls")),
    path("beheer/partnersystemen/", include("spil.partner_api.urls")),
    path("", include("spil.duo_inbound.urls")),
    path("", include("spil.zaken.urls")),
    path("", include("spil.programmes.urls")),
    path("", include("spil.agenda.urls")),
    path("e-learning/", include("spil.elearning.urls")),
    path("werk/", include("spil.placements.urls")),
    path("ervaringsdeskundigen/", include("spil.peercoaches.urls")),
    path("ketenoverleg/", include("spil.ketenoverleg.urls")),
    path("rapportages/", include("spil.reports.urls")),
    path("", include("spil.portal.urls")),
    path("", include("spil.partners.urls")),
    path("api/v1/", include("spil.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # VNG Verwerkingenlogging: the processing log through the standard's own API.
    path("api/verwerkingenlogging/v1/", include("spil.audit.api.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
# Pages of the development tools, where they are installed (never in production): each
# tool adds its URLconf from its AppConfig.ready() (spil.core.extensions).
urlpatterns += [path(route, include(urlconf)) for route, urlconf in extensions.url_includes()]

handler400 = "spil.web.views.bad_request"
handler404 = "spil.web.views.not_found"
handler500 = "spil.web.views.server_error"

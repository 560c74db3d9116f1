from django.apps import AppConfig


class DigidMockConfig(AppConfig):
    name = "spil_dev.digid_mock"
    label = "digid_mock"
    verbose_name = "DigiD mock (development)"

    def ready(self) -> None:
        # Imported once the app registry is ready: the portal's modules import models.
        from spil.core import extensions
        from spil.portal import digid
        from spil_dev.digid_mock.backend import MockDigidBackend

        # The portal's DigiD hook and Spil's URL hook take the mock.
        digid.register_backend(MockDigidBackend())
        extensions.add_urls("digid-mock/", "spil_dev.digid_mock.urls")

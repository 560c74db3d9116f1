from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "spil.accounts"
    label = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Models are loaded only once the app registry is ready.
        from spil.accounts.session_lifetime import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="spil_session_clock")

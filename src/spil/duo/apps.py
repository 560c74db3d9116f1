from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuoConfig(AppConfig):
    name = "spil.duo"
    label = "duo"
    verbose_name = _("DUO exchange")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from spil.accounts.models import Organisation
        from spil.duo import services

        def forget(**kwargs: object) -> None:
            services.clear_municipality_cache()

        post_save.connect(forget, sender=Organisation, weak=False, dispatch_uid="duo-oin-cache")
        post_delete.connect(forget, sender=Organisation, weak=False, dispatch_uid="duo-oin-cache-d")

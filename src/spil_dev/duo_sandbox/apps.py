from django.apps import AppConfig


class DuoSandboxConfig(AppConfig):
    """The DUO sandbox and the tools around it, plugged into Spil through its hooks."""

    name = "spil_dev.duo_sandbox"
    label = "duo_sandbox"
    verbose_name = "DUO sandbox"

    def ready(self) -> None:
        # Imported once the app registry is ready: queries imports models.
        from django.conf import settings
        from django.utils.translation import gettext_lazy as _

        from spil.core import benchmarks, extensions
        from spil.duo import queries

        # "Send a DUO event" for the functioneel beheerder, linked from the DUO status page.
        extensions.add_urls("", "spil_dev.duo_sandbox.urls")
        extensions.add_page_link(
            "duo:status",
            extensions.PageLink(
                label=_("Send a DUO event through the sandbox"),
                url_name="duo_sandbox:send_event",
                allowed=lambda user: settings.SPIL_DUO_SANDBOX and queries.can_use_sandbox(user),
            ),
        )
        # The Notificatie API under load (`spil bench duo`).
        benchmarks.register("duo", "spil_dev.duo_sandbox.bench")

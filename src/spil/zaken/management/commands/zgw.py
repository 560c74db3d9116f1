from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.zaken import services


class Command(BaseCommand):
    help = (
        "The zaaksysteem link (docs/zgw.md): `subscribe` registers Spil's webhook at the "
        "Notificaties API; `register` registers trajectories without a zaak; `drain` makes "
        "the waiting calls now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["subscribe", "register", "drain"])

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SPIL_ZGW_ENABLED:
            raise CommandError("SPIL_ZGW_ENABLED is off: this installation has no zaaksysteem.")
        action = options["action"]
        if action == "subscribe":
            url = services.subscribe()
            self.stdout.write(f"Subscribed {settings.SPIL_ZGW_CALLBACK_URL}: {url}")
        elif action == "register":
            count = services.register_open_trajectories()
            self.stdout.write(f"{count} trajectories registered; their zaken are being created.")
        else:
            result = services.drain()
            self.stdout.write(
                f"ZGW calls: {result.done} done, {result.retrying} retrying, "
                f"{result.failed} refused."
            )

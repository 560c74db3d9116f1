from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spil_dev.demo.totp import current_demo_code


class Command(BaseCommand):
    help = "Print the current two-step verification code of the demo users."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(current_demo_code())

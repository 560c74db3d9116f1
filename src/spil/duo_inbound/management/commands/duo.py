"""``spil duo process-pending``.

In development and tests, ``spil_dev.duo_sandbox`` extends this command with
``spil duo send-event`` (its app comes first in ``INSTALLED_APPS``, so its ``duo`` command,
a subclass of this one, is the one Django runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spil.duo_inbound import services


class Command(BaseCommand):
    help = "The DUO exchange: process pending notifications."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_actions(parser.add_subparsers(dest="action", required=True))

    def add_actions(self, actions: Any) -> None:
        """Add one sub-parser per action to ``actions`` (argparse's sub-parsers)."""
        actions.add_parser("process-pending", help="process stored notifications now")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.process_pending()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-")

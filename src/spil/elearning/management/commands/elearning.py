"""`spil elearning load-starter` (the starter content, one module per MAP theme; a new
version where the shipped content changed and nobody edited the module) and
`spil elearning check` (the nightly check: behind schedule, end-of-window reminders)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spil.elearning import services


class Command(BaseCommand):
    help = "The MAP e-learning: load the starter content, or run the nightly check now."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "load-starter",
            help="add the starter modules, and new versions where the shipped content changed",
        )
        actions.add_parser("check", help="behind-schedule signals and end-of-window reminders")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-starter":
            counts = services.load_starter()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
            return
        counts = services.check_schedules()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))

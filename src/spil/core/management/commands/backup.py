"""`spil backup create DIR` and `spil backup restore DIR` (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.core import backup


class Command(BaseCommand):
    help = "Back up the database and media files into a folder, or restore such a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="pg_dump, the media files and a manifest")
        create.add_argument("target", type=Path, help="a new (or empty) folder")
        create.add_argument("--media-root", type=Path, help="default: MEDIA_ROOT")
        restore = actions.add_parser("restore", help="into an empty database and media folder")
        restore.add_argument("source", type=Path, help="a folder made by `spil backup create`")
        restore.add_argument(
            "--database-name",
            help="an empty database on the same server (default: the one DATABASE_URL names)",
        )
        restore.add_argument("--media-root", type=Path, help="default: MEDIA_ROOT")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                manifest = backup.create(options["target"], media_root=options["media_root"])
                self.stdout.write(
                    f"Backup written to {options['target']}: the database and "
                    f"{len(manifest['media']['files'])} media files."
                )
                return
            database = backup.Database.configured()
            if options["database_name"]:
                database = database.with_name(options["database_name"])
            manifest = backup.restore(
                options["source"], database=database, media_root=options["media_root"]
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} into database {database.name} "
            f"and {len(manifest['media']['files'])} media files; every file checked."
        )

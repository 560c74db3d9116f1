"""Backup and restore of one Spil installation: the PostgreSQL database and the media files
(docs/deployment.md, "Backup and restore").

A backup is a folder:

* `database.dump`: `pg_dump --format=custom` (restored with `pg_restore`);
* `media.tar`: MEDIA_ROOT, the files kept outside the database (documents themselves are
  stored in the database; the folder holds what storage backends put there);
* `manifest.json`: the SHA-256 of both, every media file with its SHA-256, the applied
  migrations, and a fingerprint of SPIL_PSEUDONYM_KEY (never the key itself).

The keys are never in a backup: SECRET_KEY and SPIL_PSEUDONYM_KEY live in the secret
store. A restore refuses to run with a pseudonym key other than the one the processing log
was written with (its pseudonyms would no longer match anyone), into a database that
already has tables, or into a media folder that is not empty.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection

DUMP = "database.dump"
MEDIA = "media.tar"
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where pg_dump and pg_restore connect (libpq's parameters)."""

    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def configured(cls) -> Database:
        """The database Spil runs on (the test database in tests)."""
        params = connection.settings_dict
        if params["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL=postgres://…).")
        return cls(
            name=str(params["NAME"]),
            host=str(params.get("HOST") or ""),
            port=str(params.get("PORT") or ""),
            user=str(params.get("USER") or ""),
            password=str(params.get("PASSWORD") or ""),
        )

    def with_name(self, name: str) -> Database:
        return Database(name, self.host, self.port, self.user, self.password)

    def arguments(self) -> list[str]:
        found = [("--host", self.host), ("--port", self.port), ("--username", self.user)]
        return [part for flag, value in found if value for part in (flag, value)]

    def environment(self) -> dict[str, str]:
        return {**os.environ, **({"PGPASSWORD": self.password} if self.password else {})}

    def conninfo(self) -> str:
        parts = {
            "dbname": self.name,
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
        }
        return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


def key_fingerprint(key: str) -> str:
    """Says whether two installations use the same pseudonym key, without revealing it."""
    return hmac.new(key.encode(), b"spil-backup-pseudonym-key", hashlib.sha256).hexdigest()[:16]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """Every file under `root` (relative POSIX path) with its SHA-256."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(command: list[str], database: Database) -> None:
    done = subprocess.run(  # noqa: S603 - pg_dump/pg_restore with our own arguments
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _applied_migrations() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def create(target: Path, *, media_root: Path | None = None) -> dict[str, Any]:
    """Write a backup of the configured database and MEDIA_ROOT into the new folder
    `target`; returns its manifest."""
    database = Database.configured()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target / DUMP}",
            *database.arguments(),
            database.name,
        ],
        database,
    )
    files = media_files(media_root)
    with tarfile.open(target / MEDIA, "w") as archive:
        for name in files:
            archive.add(media_root / name, arcname=name, recursive=False)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": {"file": DUMP, "sha256": _sha256(target / DUMP)},
        "media": {"file": MEDIA, "sha256": _sha256(target / MEDIA), "files": files},
        "migrations_applied": _applied_migrations(),
        "pseudonym_key_fingerprint": key_fingerprint(settings.SPIL_PSEUDONYM_KEY),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} has no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source}: unknown backup format {manifest.get('format')!r}.")
    for part in ("database", "media"):
        path = source / manifest[part]["file"]
        if not path.exists() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path} is missing or damaged (its SHA-256 differs).")
    return manifest


def _tables(database: Database) -> int:
    with psycopg.connect(database.conninfo()) as conn:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return int(row[0]) if row else 0


def restore(
    source: Path, *, database: Database | None = None, media_root: Path | None = None
) -> dict[str, Any]:
    """Restore the backup in `source` into an empty database (default: the configured
    one) and an empty media folder (default: MEDIA_ROOT); checks every file afterwards."""
    manifest = _read_manifest(source)
    database = database or Database.configured()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if manifest["pseudonym_key_fingerprint"] != key_fingerprint(settings.SPIL_PSEUDONYM_KEY):
        raise BackupError(
            "SPIL_PSEUDONYM_KEY differs from the key this backup was made with: set the "
            "installation's own key (from the secret store) before restoring."
        )
    if _tables(database):
        raise BackupError(
            f"Database {database.name} already has tables: restore into a new, empty database."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into a new, empty media folder.")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database.name}",
            *database.arguments(),
            str(source / DUMP),
        ],
        database,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA) as archive:
        archive.extractall(media_root, filter="data")
    restored = media_files(media_root)
    expected: dict[str, str] = manifest["media"]["files"]
    if restored != expected:
        differ = sorted(set(restored.items()) ^ set(expected.items()))
        raise BackupError(f"Media files differ after the restore: {differ[:5]}")
    return manifest

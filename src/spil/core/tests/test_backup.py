"""`spil backup create` / `spil backup restore`: a restore into a fresh database and media
folder finds every row of every table and every file identical (PostgreSQL only)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from spil.core import backup
from spil.core.management.commands import backup as backup_command
from spil.dossier import services as dossier
from spil.persons.services import register_person
from spil.testing import World, next_test_bsn

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="backup and restore use pg_dump and pg_restore: PostgreSQL only "
        "(CI runs this on its PostgreSQL pass)",
    ),
]


@pytest.fixture
def fresh_database() -> Iterator[backup.Database]:
    source = backup.Database.configured()
    target = source.with_name(f"{source.name}_restored_{uuid.uuid4().hex[:8]}")
    with psycopg.connect(source.with_name("postgres").conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target.name}"')
    yield target
    with psycopg.connect(source.with_name("postgres").conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


def fill(world: World, media: Path) -> None:
    """Demo-like data through Spil's services (processing records included) and files."""
    klantmanager = world.user("klantmanager_a")
    for index in range(5):
        person = register_person(
            actor=klantmanager,
            bsn=next_test_bsn(),
            given_names=f"Naïma {index}",
            family_name="Ğüneş-d'Ávila",
            municipality=world.gemeente_a,
            date_of_birth=date(1990, 1, 1 + index),
            regisseur=klantmanager,
        )
        dossier.add_document(
            person,
            code="pip",
            title="PIP",
            filename=f"pip-{index}.pdf",
            content=bytes(range(256)) * 40,
            actor=klantmanager,
        )
        dossier.record_contact_moment(
            person, actor=klantmanager, kind="progress", on=date(2026, 11, 20), notes="Bel terug\n"
        )
    (media / "reports" / "2026").mkdir(parents=True)
    (media / "reports" / "2026" / "november.pdf").write_bytes(b"%PDF-1.7\n" + bytes(5000))
    (media / "élearning module.json").write_text('{"title": "Werk vinden"}', encoding="utf-8")
    (media / "empty.txt").write_bytes(b"")


def table_digests(database: backup.Database) -> dict[str, tuple[int, str]]:
    """Every table of the schema: its row count and a digest of all its rows."""
    digests: dict[str, tuple[int, str]] = {}
    with psycopg.connect(database.conninfo()) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501, S608 - table names from the catalogue
            ).fetchone() or (0, "")
            digests[table] = (int(count), str(digest))
    return digests


def test_a_restore_finds_every_row_and_every_file_identical(
    world: World, tmp_path: Path, fresh_database: backup.Database
) -> None:
    media, restored_media, target = tmp_path / "media", tmp_path / "restored", tmp_path / "bk"
    media.mkdir()
    fill(world, media)
    with override_settings(MEDIA_ROOT=media):
        call_command(backup_command.Command(), "create", str(target))
        call_command(
            backup_command.Command(),
            "restore",
            str(target),
            "--database-name",
            fresh_database.name,
            "--media-root",
            str(restored_media),
        )

    before = table_digests(backup.Database.configured())
    after = table_digests(fresh_database)
    assert before == after
    assert before["persons_person"][0] >= 7 and before["dossier_document"][0] == 5
    assert sum(count for count, _ in before.values()) > 100
    assert backup.media_files(restored_media) == backup.media_files(media)
    assert len(backup.media_files(media)) == 3


def test_a_restore_refuses_another_pseudonym_key_and_a_database_in_use(
    world: World, tmp_path: Path, fresh_database: backup.Database
) -> None:
    target = tmp_path / "bk"
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        call_command(backup_command.Command(), "create", str(target))
    with (
        override_settings(SPIL_PSEUDONYM_KEY="another-key-" + "x" * 40),
        pytest.raises(CommandError, match="SPIL_PSEUDONYM_KEY differs"),
    ):
        call_command(backup_command.Command(), "restore", str(target), "--media-root", "/nowhere")
    with pytest.raises(CommandError, match="already has tables"):
        call_command(
            backup_command.Command(), "restore", str(target), "--media-root", str(tmp_path / "m")
        )

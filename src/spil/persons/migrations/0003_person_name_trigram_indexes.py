"""Trigram indexes for searching the caseload by part of a name (PostgreSQL only).

`persons.queries.search` matches every word against the given and family names with
`icontains`, which PostgreSQL runs as `UPPER(name) LIKE UPPER('%word%')`: without these
indexes that is a scan of every person in scope. The indexes are on the same expressions,
so the planner uses them. Needs the pg_trgm extension (trusted since PostgreSQL 13: the
database owner may create it); where it cannot be created, search still works, unindexed.
On other databases this migration does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "persons_person_family_name_trgm": "family_name",
    "persons_person_given_names_trgm": "given_names",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: search stays correct, only slower
        logger.warning("pg_trgm is not available: name search in the caseload is unindexed")
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON persons_person "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("persons", "0002_person_arrival_date_person_city_and_more")]

    operations = [migrations.RunPython(create, drop)]

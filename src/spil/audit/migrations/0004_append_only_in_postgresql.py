"""PostgreSQL itself refuses to change or delete the processing log; only the retention job
(spil.audit.services.purge_expired) may delete, inside its own transaction."""

from django.db import migrations

TABLES = ("audit_processingrecord", "audit_processedperson")

CREATE = """
CREATE OR REPLACE FUNCTION spil_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('spil.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The processing log is append-only (%% on %%)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (development, tests): the ORM guard in spil.audit.models only
    schema_editor.execute(CREATE)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION spil_audit_append_only()"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS spil_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_client_actor")]

    operations = [migrations.RunPython(forwards, backwards)]

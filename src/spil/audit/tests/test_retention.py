"""The processing log: PostgreSQL refuses to change it; only the retention job removes
records past their period, and leaves a record that it did."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from spil.audit.models import ProcessedPerson, ProcessingRecord
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import purge_expired, record_processing
from spil.audit.tasks import purge_expired_task
from spil.testing import World

pytestmark = pytest.mark.django_db


def _record(world: World, clock: Any, when: datetime) -> ProcessingRecord:
    """A record written at `when` (the clock travels there and back)."""
    assert world.person_a is not None
    back = timezone.now()
    clock.move_to(when)
    record = record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[world.person_a.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Dossier",
    )
    clock.move_to(back)
    return record


def test_the_retention_job_removes_only_expired_records(world: World, clock: Any) -> None:
    now = timezone.now()
    old = _record(world, clock, now - timedelta(days=366 * 10 + 5))
    recent = _record(world, clock, now - timedelta(days=365 * 9))
    assert ProcessingRecord.objects.get(pk=old.pk).tijdstip < now - timedelta(days=3650)
    assert purge_expired_task() == 1
    assert not ProcessingRecord.objects.filter(pk=old.pk).exists()
    assert not ProcessedPerson.objects.filter(record_id=old.pk).exists()
    assert ProcessingRecord.objects.filter(pk=recent.pk).exists()
    trace = ProcessingRecord.objects.get(actie_naam__startswith="Retention: 1 ")
    assert trace.handeling == ProcessingAction.DELETE
    assert purge_expired() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_postgresql_refuses_to_change_or_delete_the_log(world: World, clock: Any) -> None:
    record = _record(world, clock, timezone.now())
    for statement in (
        "UPDATE audit_processingrecord SET actie_naam = 'x' WHERE actie_id = %s",
        "DELETE FROM audit_processedperson WHERE record_id = %s",
        "DELETE FROM audit_processingrecord WHERE actie_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [record.pk])
    assert ProcessingRecord.objects.filter(pk=record.pk, actie_naam="Dossier").exists()

"""Redis down: DUO's notification is still accepted (201) and processed once the beat's
sweep runs with a broker that is back. The broker is a closed port, not a mock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from spil.celery import app as celery_app
from spil.duo.models import DuoNotification, NotificationStatus
from spil.duo.tests.support import DuoEnv, make_env
from spil.duo_inbound import tasks
from spil.persons.models import Person
from spil.testing import World

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    conf = celery_app.conf
    before = {"broker_url": conf.broker_url, "task_always_eager": conf.task_always_eager}
    conf.update(broker_url=CLOSED_PORT_BROKER, task_always_eager=False)
    monkeypatch.setattr(celery_app, "_pool", None)  # no connection left from earlier tests
    yield
    conf.update(**before)


def test_a_notification_is_accepted_while_redis_is_down_and_processed_by_the_sweep(
    duo: DuoEnv,
    broker_down: None,
    django_capture_on_commit_callbacks: Any,
    clock: time_machine.TimeMachineFixture,
) -> None:
    bsn = duo.person()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = duo.post("SS101", bsn)
    assert len(callbacks) == 1  # the enqueue ran, against the closed port
    assert response.status_code == 201
    notification = DuoNotification.objects.get()
    assert notification.status == NotificationStatus.RECEIVED
    assert not Person.objects.filter(bsn=bsn).exists()

    # While Redis stays down, the beat's sweep cannot queue it either; nothing is lost.
    clock.move_to(timezone.now() + timedelta(minutes=5))
    tasks.requeue_pending_task.apply()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.RECEIVED

    # Redis is back (here: tasks run in-process): the next sweep processes it.
    celery_app.conf.update(task_always_eager=True)
    assert tasks.requeue_pending_task.apply().get() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PROCESSED
    assert Person.objects.filter(bsn=bsn).exists()

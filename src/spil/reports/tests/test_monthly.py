"""The monthly e-mailed report: set up on the report page, sent on the first of every
month as the reader (their scope, their language, an export record), once a month."""

from __future__ import annotations

from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.test import Client

from spil.accounts.models import Membership, User
from spil.audit.models import ProcessingRecord
from spil.audit.purposes import ProcessingAction
from spil.reports import services
from spil.reports.models import Subscription
from spil.reports.tests.support import Spec, make_person, selection_of
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(world: World) -> User:
    user = world.user("beleidsmedewerker")
    user.email = "beleid@example.org"
    user.preferred_language = "en"
    user.save()
    for _ in range(6):
        make_person(world.gemeente_a, Spec(start=date(2025, 1, 6)))
    return user


def test_set_up_and_stop_on_the_pages(world: World, reader: User) -> None:
    client = sign_in(Client(), reader)
    page = client.get("/rapportages/funnel/", {"area": world.gemeente_a.pk}).content.decode()
    assert 'action="/rapportages/funnel/maandelijks/"' in page
    response = client.post(
        "/rapportages/funnel/maandelijks/", {"area": world.gemeente_a.pk, "basis": "start"}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.user == reader and subscription.kind == "funnel"
    assert subscription.params["area"] == str(world.gemeente_a.pk)
    index = client.get("/rapportages/").content.decode()
    assert f"/rapportages/maandelijks/{subscription.pk}/stoppen/" in index
    client.post(f"/rapportages/maandelijks/{subscription.pk}/stoppen/")
    subscription.refresh_from_db()
    assert not subscription.is_active
    other = sign_in(Client(), world.user("klantmanager_a"))
    assert other.post(f"/rapportages/maandelijks/{subscription.pk}/stoppen/").status_code == 404


def test_sent_once_a_month_as_pdf_in_the_readers_language(world: World, reader: User) -> None:
    services.subscribe(reader, "funnel", selection_of(world.gemeente_a, [world.gemeente_a]))
    assert services.send_monthly(today=date(2026, 12, 1)) == 1
    message = mail.outbox[0]
    assert message.to == ["beleid@example.org"]
    assert "Funnel and outcomes" in message.subject and "Gemeente Aadorp" in message.subject
    assert "- In the selection: 6" in message.body
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content[:4] == b"%PDF"
    record = ProcessingRecord.objects.get()
    assert record.handeling == ProcessingAction.EXPORT and record.actor == reader
    assert services.send_monthly(today=date(2026, 12, 15)) == 0
    assert services.send_monthly(today=date(2027, 1, 1)) == 1


def test_a_reader_who_lost_the_role_gets_nothing_and_the_subscription_stops(
    world: World,
    reader,
) -> None:
    subscription = services.subscribe(
        reader, "funnel", selection_of(world.gemeente_a, [world.gemeente_a])
    )
    Membership.objects.filter(user=reader).update(is_active=False)
    assert services.send_monthly(today=date(2026, 12, 1)) == 0
    assert not mail.outbox
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_celery_beat_sends_them_on_the_first_of_the_month() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["reports-send-monthly"]
    assert entry["task"] == "spil.reports.send_monthly"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    # crontab keeps the parsed fields as sets (celery-types does not declare them)
    assert getattr(schedule, "day_of_month") == {1} and getattr(schedule, "hour") == {7}  # noqa: B009

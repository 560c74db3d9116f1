"""The agenda feeds: a person's (sessions, placement days, check-ins, appointments) and a
trainer's (sessions), as iCalendar in local time; revocation; the fetch log."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from spil.agenda import queries, services
from spil.core.calendar import TZ
from spil.programmes.models import CalendarFeed
from spil.programmes.tests.support import make_group
from spil.testing import World, logged_person_ids, sign_in

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list[tuple[datetime, datetime, str]]:
    cal = Calendar.from_ical(body)
    return sorted(
        (e.decoded("dtstart"), e.decoded("dtend"), str(e.get("summary")))
        for e in cal.walk("VEVENT")
    )


def test_person_feed_shows_local_times_across_dst(world: World) -> None:
    assert world.person_a is not None
    # 13 Oct 2026 is summer time (CEST); the autumn school holiday skips 20 Oct; summer time
    # ends on 25 Oct, so 27 Oct and 3 Nov are winter time (CET).
    make_group(world, weekday="tue", start_date=date(2026, 10, 13), session_count=3)
    feed = services.feed_for(person=world.person_a)
    response = Client().get(reverse("agenda:ical", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert len(events) == 3
    starts = [start for start, _end, _summary in events]
    assert [s.date() for s in starts] == [date(2026, 10, 13), date(2026, 10, 27), date(2026, 11, 3)]
    for start, end, summary in events:
        local = start.astimezone(TZ)
        assert local.time() == time(9, 30)
        assert end.astimezone(TZ).time() == time(12, 0)
        assert summary.startswith("MAP Aadorp: ")
    assert starts[0].utcoffset() == timedelta(hours=2)
    assert starts[1].utcoffset() == timedelta(hours=1)
    text = response.content.decode()
    assert "BEGIN:VTIMEZONE" in text and "TZID=Europe/Amsterdam" in text
    assert world.person_a.bsn not in text


def test_trainer_feed_and_revocation(world: World) -> None:
    make_group(world, session_count=2)
    client = sign_in(Client(), world.user("trainer"))
    assert client.post(reverse("agenda:my_agenda"), {"action": "create"}).status_code == 302
    feed = services.feed_for(user=world.user("trainer"))
    url = reverse("agenda:ical", args=[feed.token])
    assert len(_events(Client().get(url).content)) == 2
    client.post(reverse("agenda:my_agenda"), {"action": "revoke"})
    assert Client().get(url).status_code == 404
    assert services.feed_for(user=world.user("trainer")).token != feed.token


def test_unknown_token_is_404() -> None:
    assert Client().get(reverse("agenda:ical", args=["nope"])).status_code == 404


def _all_events(body: bytes) -> list[tuple[Any, str]]:
    cal = Calendar.from_ical(body)
    return [(e.decoded("dtstart"), str(e.get("summary"))) for e in cal.walk("VEVENT")]


def test_person_feed_has_placement_hours_and_appointments(world: World) -> None:
    from spil.accounts.models import Organisation
    from spil.dossier.models import ContactMoment
    from spil.dossier.services import plan_appointment
    from spil.placements.models import CheckIn, EmployerLocation, Placement, PlacementOffer
    from spil.programmes.tests.support import established_pip

    person = world.person_a
    assert person is not None
    employer = Organisation.objects.get(name="Werkgever BV")
    where = EmployerLocation.objects.create(employer=employer, name="Keuken Oost", postcode="4201")
    offer = PlacementOffer.objects.create(
        employer=employer,
        location=where,
        title="Leerwerkplek keuken",
        type="leerwerkplek",
        esco_uri="http://data.europa.eu/esco/occupation/x",
        occupation_label="kok",
        isco_code="5120",
        hours_per_week=8,
        dayparts=[0, 10],  # Monday morning, Thursday afternoon
    )
    # summer time starts on 28 March 2027: the hours stay 9:00 and 13:00 local time
    placement = Placement.objects.create(
        person=person,
        offer=offer,
        status="started",
        started_on=date(2027, 3, 15),
        planned_end_on=date(2027, 4, 9),
    )
    CheckIn.objects.create(placement=placement, scheduled_for=date(2027, 3, 20), mood="good")
    CheckIn.objects.create(
        placement=placement,
        scheduled_for=date(2027, 3, 21),
        mood="good",
        done_at=datetime(2027, 3, 21, 10, tzinfo=TZ),
    )
    later = timezone.localdate() + timedelta(days=10)
    plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="progress",
        starts_at=datetime.combine(later, time(11, 0), tzinfo=TZ),
        duration_minutes=45,
        location="Gemeentehuis, spreekkamer 2",
        interpreter_language="tir",
    )
    ContactMoment.objects.create(
        person=person,
        kind="intake",
        date=timezone.localdate() - timedelta(days=10),
        notes="private notes",
        author=world.user("klantmanager_a"),
    )
    established_pip(
        person,
        [],
        first_progress_meeting=timezone.localdate() + timedelta(days=7),
        progress_every_weeks=12,
    )
    feed = services.feed_for(person=person)
    body = Client().get(reverse("agenda:ical", args=[feed.token])).content
    events = _all_events(body)
    work = sorted(start for start, summary in events if summary.startswith("Work: "))
    assert isinstance(work[0], datetime)
    assert [w.date() for w in work] == [
        date(2027, 3, 15),
        date(2027, 3, 18),
        date(2027, 3, 22),
        date(2027, 3, 25),
        date(2027, 3, 29),
        date(2027, 4, 1),
        date(2027, 4, 5),
        date(2027, 4, 8),
    ]
    local = [(w.astimezone(TZ).time(), w.utcoffset()) for w in work]
    assert local[0] == (time(9, 0), timedelta(hours=1))
    assert local[1] == (time(13, 0), timedelta(hours=1))
    assert local[4] == (time(9, 0), timedelta(hours=2))
    assert "Work: Leerwerkplek keuken (Werkgever BV)" in {s for _d, s in events}
    check_ins = [d for d, s in events if s.startswith("Check-in on the placement")]
    assert check_ins == [date(2027, 3, 20)]  # the done one is not in the agenda
    appointments = [d for d, s in events if s == "Appointment: Progress meeting"]
    assert [(d.astimezone(TZ).date(), d.astimezone(TZ).time()) for d in appointments] == [
        (later, time(11, 0))
    ]
    assert not [s for _d, s in events if "Intake" in s]  # contact moments are history
    progress = sorted(d for d, s in events if s == "PIP progress meeting")
    assert len(progress) == 5  # every 12 weeks in the coming year
    assert progress[0] == timezone.localdate() + timedelta(days=7)
    text = body.decode()
    assert "private notes" not in text and person.bsn not in text
    assert "LOCATION:Keuken Oost" in text
    assert "LOCATION:Gemeentehuis\\, spreekkamer 2" in text
    assert "Tigrinya" not in text  # the interpreter is not in the agenda


def test_trainer_feed_has_no_personal_appointments(world: World) -> None:
    from spil.dossier.services import plan_appointment

    assert world.person_a is not None
    make_group(world, session_count=2)
    plan_appointment(
        world.person_a,
        actor=world.user("klantmanager_a"),
        kind="progress",
        starts_at=timezone.now() + timedelta(days=3),
    )
    feed = services.feed_for(user=world.user("trainer"))
    events = _all_events(Client().get(reverse("agenda:ical", args=[feed.token])).content)
    assert len(events) == 2 and all(s.startswith("MAP Aadorp") for _d, s in events)


def test_appointments_are_timed_in_local_time_across_dst(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spil.dossier.services import cancel_appointment, plan_appointment

    person = world.person_a
    assert person is not None
    # planned in summer time (CEST) for after the change to winter time on 25 Oct 2026
    planned_on = datetime(2026, 10, 1, 12, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: planned_on)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: planned_on.date())
    before = plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="intake",
        starts_at=datetime(2026, 10, 20, 9, 30, tzinfo=TZ),
        duration_minutes=30,
        location="Gemeentehuis Gorinchem, spreekkamer 2",
    )
    after = plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="progress",
        starts_at=datetime(2026, 10, 27, 10, 0, tzinfo=TZ),
        duration_minutes=90,
        location="Gemeentehuis Gorinchem, spreekkamer 2",
    )
    cancelled = plan_appointment(
        person,
        actor=world.user("klantmanager_a"),
        kind="home_visit",
        starts_at=datetime(2026, 10, 28, 10, 0, tzinfo=TZ),
    )
    cancel_appointment(cancelled, actor=world.user("klantmanager_a"), reason="Verzet")
    feed = services.feed_for(person=person)
    body = Client().get(reverse("agenda:ical", args=[feed.token])).content
    events = _events(body)
    assert [summary for _s, _e, summary in events] == [
        "Appointment: Intake",
        "Appointment: Progress meeting",
    ]
    (summer_start, summer_end, _s1), (winter_start, winter_end, _s2) = events
    assert summer_start.astimezone(TZ).time() == time(9, 30)
    assert summer_start.utcoffset() == timedelta(hours=2)
    assert summer_end - summer_start == timedelta(minutes=30)
    assert winter_start.astimezone(TZ).date() == date(2026, 10, 27)
    assert winter_start.astimezone(TZ).time() == time(10, 0)
    assert winter_start.utcoffset() == timedelta(hours=1)
    assert winter_end.astimezone(TZ).time() == time(11, 30)
    text = body.decode()
    assert "TZID=Europe/Amsterdam" in text
    assert f"appointment-{before.pk}@spil" in text and f"appointment-{after.pk}@spil" in text
    assert "Verzet" not in text


def test_fetching_a_person_feed_is_logged_once_a_day(world: World) -> None:
    from spil.audit.models import ProcessingRecord

    assert world.person_a is not None
    feed = services.feed_for(person=world.person_a)
    url = reverse("agenda:ical", args=[feed.token])
    before = ProcessingRecord.objects.count()
    for _ in range(3):  # an agenda app polling
        assert Client().get(url).status_code == 200
    records = ProcessingRecord.objects.order_by("-pk")[: ProcessingRecord.objects.count() - before]
    assert len(records) == 1
    assert logged_person_ids(records[0]) == {world.person_a.pk}
    feed = CalendarFeed.objects.get(pk=feed.pk)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.log_feed_fetch(feed, today=tomorrow)  # a new day, a new record
    assert not services.log_feed_fetch(feed, today=tomorrow)


def test_daypart_times_come_from_the_setting() -> None:
    from datetime import time as clock

    from django.core.exceptions import ImproperlyConfigured

    times = queries.daypart_times("08:30-12:00, 12:30-16:30, 19:00-21:00")
    assert times[0] == (clock(8, 30), clock(12, 0)) and times[2] == (clock(19, 0), clock(21, 0))
    for bad in ("09:00-12:30,13:00-17:00", "12:00-09:00,13:00-17:00,18:30-21:30", "morning"):
        with pytest.raises(ImproperlyConfigured, match="SPIL_DAYPART_TIMES"):
            queries.daypart_times(bad)


def test_person_link_is_made_and_revoked_from_the_programmes_page(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = reverse("programmes:person", args=[world.person_a.public_id])
    assert ".ics" not in client.get(page).content.decode()
    made = client.post(reverse("agenda:person_feed", args=[world.person_a.public_id]))
    assert made.status_code == 302 and made["Location"] == page
    shown = client.get(page).content.decode()
    found = re.search(r"http://testserver(/agenda/[^<\s]+\.ics)", shown)
    assert found is not None
    url = found.group(1)
    assert Client().get(url).status_code == 200
    # Shown once: the next visit says a link is active, without the link.
    again = client.get(page).content.decode()
    assert ".ics" not in again
    assert "An agenda link is active until" in again or "Een agendalink is actief tot" in again
    client.post(
        reverse("agenda:person_feed", args=[world.person_a.public_id]), {"action": "revoke"}
    )
    assert queries.active_feed(person=world.person_a) is None
    assert Client().get(url).status_code == 404
    assert ".ics" not in client.get(page).content.decode()


def test_the_new_link_waits_for_its_own_page_while_another_page_is_open(world: World) -> None:
    """Made for one person, the link is not lost when another person's page (a second tab)
    is opened first."""
    assert world.person_a is not None and world.person_b is not None
    world.person_b.municipality = world.person_a.municipality
    world.person_b.save()
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.post(reverse("agenda:person_feed", args=[world.person_b.public_id]))
    client.post(reverse("agenda:person_feed", args=[world.person_a.public_id]))
    first = client.get(reverse("programmes:person", args=[world.person_b.public_id]))
    second = client.get(reverse("programmes:person", args=[world.person_a.public_id]))
    assert ".ics" in first.content.decode() and ".ics" in second.content.decode()
    assert (
        ".ics"
        not in client.get(
            reverse("programmes:person", args=[world.person_b.public_id])
        ).content.decode()
    )


def test_person_agenda_has_the_open_milestones_of_the_week_plan(world: World) -> None:
    from spil.programmes.models import ProgrammeTemplate
    from spil.programmes.services import enrolment

    person = world.person_a
    assert person is not None
    tilburg = ProgrammeTemplate.objects.get(code="startprogramma-inburgering-plus")
    plan = enrolment.enrol(person, tilburg, date(2026, 11, 2), actor=None)
    start, end = date(2026, 11, 1), date(2027, 3, 1)
    items = [i for i in queries.person_items(person, start, end) if i.uid.startswith("milestone")]
    assert [(i.day, i.summary) for i in items] == [
        (date(2026, 12, 21), "Milestone: Showtime: the future plan to the klantregisseur")
    ]
    enrolment.check_off_milestone(
        plan.milestones.get(), date(2026, 12, 21), actor=world.user("klantmanager_a")
    )
    assert not [i for i in queries.person_items(person, start, end) if i.uid.startswith("mile")]


def test_only_a_hash_of_the_token_is_stored_and_the_link_expires(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    assert world.person_a is not None
    feed = services.feed_for(person=world.person_a)
    url = reverse("agenda:ical", args=[feed.token])
    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.token == "" and feed.token not in stored.token_hash
    assert stored.token_hash == hashlib.sha256(feed.token.encode()).hexdigest()
    assert Client().get(url).status_code == 200
    clock.move_to(timezone.now() + timedelta(days=366))
    assert Client().get(url).status_code == 404
    assert queries.active_feed(person=world.person_a) is None


def test_a_new_link_ends_the_old_one(world: World) -> None:
    assert world.person_a is not None
    first = services.feed_for(person=world.person_a)
    second = services.feed_for(person=world.person_a)
    assert Client().get(reverse("agenda:ical", args=[first.token])).status_code == 404
    assert Client().get(reverse("agenda:ical", args=[second.token])).status_code == 200


def test_the_migration_hashes_existing_plain_tokens() -> None:
    """A link made before the hashing keeps working: its token becomes its hash."""
    import importlib

    migration = importlib.import_module("spil.programmes.migrations.0013_calendar_feed_token_hash")
    plain = "old-plain-token-from-before-the-migration"

    class OldFeed:
        def __init__(self) -> None:
            self.pk, self.token, self.token_hash, self.expires_at = 1, plain, None, None

        def save(self, update_fields: list[str]) -> None:
            assert update_fields == ["token_hash", "expires_at"]

    old = OldFeed()

    class Rows(list[OldFeed]):
        def only(self, *fields: str) -> Rows:
            return self

    class Manager:
        def all(self) -> Rows:
            return Rows([old])

    class Model:
        objects = Manager()

    class Apps:
        def get_model(self, app: str, name: str) -> type[Model]:
            return Model

    migration.hash_existing_tokens(Apps(), None)
    assert old.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert old.expires_at is not None and old.expires_at > timezone.now()

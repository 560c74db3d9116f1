from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from spil.core.calendar import TZ
from spil.dossier.models import Signal
from spil.programmes.models import Attendance, SchoolHoliday, Session
from spil.programmes.services import attendance
from spil.programmes.tests.support import make_group
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_sessions_skip_public_and_school_holidays(world: World) -> None:
    # Mondays from 20 April 2026: King's Day is Monday 27 April (public holiday); the
    # configured May holiday covers 4 May; Pentecost Monday is 25 May.
    SchoolHoliday.objects.create(
        name="Meivakantie 2026", first_day=date(2026, 5, 2), last_day=date(2026, 5, 10)
    )
    group = make_group(
        world, weekday="mon", start_date=date(2026, 4, 20), session_count=5, members=[]
    )
    days = [s.starts_at.astimezone(TZ).date() for s in group.sessions.order_by("number")]
    assert days == [
        date(2026, 4, 20),
        date(2026, 5, 11),
        date(2026, 5, 18),
        date(2026, 6, 1),
        date(2026, 6, 8),
    ]


def test_every_other_week_and_map_topics(world: World) -> None:
    group = make_group(
        world, weekday="wed", start_date=date(2026, 9, 2), session_count=8, interval_weeks=2
    )
    sessions = list(group.sessions.order_by("number"))
    assert sessions[1].starts_at.date() == date(2026, 9, 16)
    assert [s.topic for s in sessions][:2] == ["beroepenoriëntatie", "realistisch beroepsbeeld"]
    assert {s.topic for s in sessions} == set(group.topics)
    assert len(set(group.topics)) == 8
    assert sessions[0].hours == Decimal("2.5")


def test_local_time_is_kept_across_the_dst_change(world: World) -> None:
    # 15 Oct 2026 is summer time; the autumn holiday skips 22 Oct; 29 Oct is winter time.
    group = make_group(world, weekday="thu", start_date=date(2026, 10, 15), session_count=2)
    first, second = (s.starts_at.astimezone(TZ) for s in group.sessions.order_by("number"))
    assert (first.date(), second.date()) == (date(2026, 10, 15), date(2026, 10, 29))
    assert first.time() == second.time() == time(9, 30)
    assert first.utcoffset() == timedelta(hours=2)
    assert second.utcoffset() == timedelta(hours=1)


def test_attendance_credits_map_hours_and_themes(world: World) -> None:
    assert world.person_a is not None
    group = make_group(world, session_count=8)
    trainer = world.user("trainer")
    for session in group.sessions.order_by("number"):
        attendance.record_attendance(session, {world.person_a.pk: ("present", "")}, actor=trainer)
    summary = attendance.hours_summary(world.person_a)
    assert summary.map.practice_hours_done == 20.0  # 8 x 2.5 h
    assert summary.map.themes_missing == ()
    assert not summary.map.complete  # 40 practice hours are required
    # Same marks again: nothing changes.
    first = group.sessions.first()
    assert first is not None
    attendance.record_attendance(first, {world.person_a.pk: ("present", "")}, actor=trainer)
    assert attendance.hours_summary(world.person_a).map.practice_hours_done == 20.0
    attendance.record_attendance(first, {world.person_a.pk: ("excused", "doctor")}, actor=trainer)
    assert attendance.hours_summary(world.person_a).map.practice_hours_done == 17.5


def test_pvt_and_training_hours(world: World) -> None:
    assert world.person_a is not None
    pvt = make_group(world, code="pvt-a", name="PVT", kind="pvt", session_count=4)
    training = make_group(world, code="tr-a", name="Sollicitatie", kind="training", session_count=2)
    trainer = world.user("trainer")
    for session in [*pvt.sessions.all(), *training.sessions.all()]:
        attendance.record_attendance(session, {world.person_a.pk: ("late", "bus")}, actor=trainer)
    summary = attendance.hours_summary(world.person_a)
    assert summary.pvt_hours == Decimal("10.0")
    assert summary.pvt_required == 12
    assert summary.participation_hours == Decimal("5.0")
    assert summary.zroute.participation_done == 5.0


def test_absence_streak_raises_one_signal(world: World) -> None:
    assert world.person_a is not None
    group = make_group(world, session_count=4)
    trainer = world.user("trainer")
    sessions = list(group.sessions.order_by("number"))
    attendance.record_attendance(sessions[0], {world.person_a.pk: ("absent", "")}, actor=trainer)
    attendance.record_attendance(
        sessions[1], {world.person_a.pk: ("excused", "ill")}, actor=trainer
    )
    attendance.record_attendance(sessions[2], {world.person_a.pk: ("absent", "")}, actor=trainer)
    assert not Signal.objects.filter(person=world.person_a, code="absence_streak").exists()
    attendance.record_attendance(sessions[1], {world.person_a.pk: ("absent", "")}, actor=trainer)
    attendance.record_attendance(sessions[3], {world.person_a.pk: ("absent", "")}, actor=trainer)
    assert Signal.objects.filter(person=world.person_a, code="absence_streak").count() == 1


def test_attendance_screen_whole_group_in_one_tap(world: World) -> None:
    assert world.person_a is not None
    group = make_group(world)
    session = group.sessions.order_by("number").first()
    assert session is not None
    client = sign_in(Client(), world.user("trainer"))
    url = reverse("programmes:attendance", args=[group.code, session.number])
    page = client.get(url)
    assert page.status_code == 200
    assert world.person_a.full_name in page.content.decode()
    response = client.post(url, {"everyone": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=session).status == "present"
    assert (
        "Attendance saved for 1 participant." in client.get(response["Location"]).content.decode()
    )
    # Excused needs a reason; nothing is saved without one.
    bad = client.post(url, {f"s-{world.person_a.pk}": "excused"})
    assert bad.status_code == 200
    assert "Give the reason for the excused absence." in bad.content.decode()
    assert Attendance.objects.get(session=session).status == "present"
    unknown = client.post(url, {f"s-{world.person_a.pk}": "sick", f"r-{world.person_a.pk}": "x"})
    assert "Choose present, late, excused or absent." in unknown.content.decode()
    assert Attendance.objects.get(session=session).status == "present"
    ok = client.post(url, {f"s-{world.person_a.pk}": "excused", f"r-{world.person_a.pk}": "ill"})
    assert ok.status_code == 302
    assert Attendance.objects.get(session=session).reason == "ill"
    assert Session.objects.filter(group=group).count() == 8


def test_counts_in_messages_have_singular_and_plural_in_dutch() -> None:
    from django.utils import translation
    from django.utils.translation import ngettext

    singular, plural = (
        "Attendance saved for %(count)d participant.",
        "Attendance saved for %(count)d participants.",
    )
    with translation.override("nl"):
        assert ngettext(singular, plural, 1) % {"count": 1} == (
            "Aanwezigheid opgeslagen voor 1 deelnemer."
        )
        assert ngettext(singular, plural, 7) % {"count": 7} == (
            "Aanwezigheid opgeslagen voor 7 deelnemers."
        )

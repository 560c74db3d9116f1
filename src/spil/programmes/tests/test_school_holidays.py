"""School holidays: the screen, its checks, and the coming sessions that move."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.core.calendar import TZ
from spil.programmes.models import Attendance, SchoolHoliday, Session
from spil.programmes.services import groups
from spil.programmes.tests.support import make_group
from spil.testing import ALL_ROLE_KEYS, World, sign_in

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)  # a Monday


def _dates(group_code: str) -> list[date]:
    return [
        s.starts_at.astimezone(TZ).date()
        for s in Session.objects.filter(group__code=group_code).order_by("number")
    ]


def test_sessions_in_a_new_holiday_move_on(world: World) -> None:
    group = make_group(world, start_date=date(2027, 3, 2), session_count=8)
    assert _dates(group.code)[2] == date(2027, 3, 16)
    holiday = SchoolHoliday(name="Test", first_day=date(2027, 3, 15), last_day=date(2027, 3, 19))
    assert groups.save_school_holiday(holiday, TODAY) == 6
    assert _dates(group.code) == [
        date(2027, 3, 2),
        date(2027, 3, 9),
        date(2027, 3, 23),
        date(2027, 3, 30),
        date(2027, 4, 6),
        date(2027, 4, 13),
        date(2027, 4, 20),
        date(2027, 5, 4),  # 27 April lies in the seeded May holiday
    ]
    first = Session.objects.get(group=group, number=1)
    assert first.starts_at.astimezone(TZ).hour == 9  # local time kept
    # removing it moves them back
    assert groups.delete_school_holiday(holiday, TODAY) == 6
    assert _dates(group.code)[2] == date(2027, 3, 16)
    assert _dates(group.code) == groups.session_dates(group)


def test_past_sessions_and_sessions_with_attendance_stay(world: World) -> None:
    group = make_group(world, start_date=date(2027, 3, 2), session_count=4)
    session = Session.objects.get(group=group, number=2)  # 9 March
    assert world.person_a is not None
    Attendance.objects.create(session=session, person=world.person_a, status="present", hours=2)
    holiday = SchoolHoliday(name="Test", first_day=date(2027, 3, 1), last_day=date(2027, 3, 12))
    groups.save_school_holiday(holiday, TODAY)
    dates = _dates(group.code)
    assert dates[1] == date(2027, 3, 9)  # attendance was recorded: it stays
    assert dates[0] == date(2027, 3, 2)  # in the holiday but before the session with attendance
    assert dates[2:] == [date(2027, 3, 16), date(2027, 3, 23)]


def test_effect_is_computed_without_saving(world: World) -> None:
    group = make_group(world, start_date=date(2027, 3, 2), session_count=3)
    periods = [*groups.holiday_periods(), (date(2027, 3, 8), date(2027, 3, 12))]
    moves = groups.holiday_effect(periods, TODAY)
    assert [(m.old, m.new) for m in moves] == [
        (date(2027, 3, 9), date(2027, 3, 16)),
        (date(2027, 3, 16), date(2027, 3, 23)),
    ]
    assert _dates(group.code)[1] == date(2027, 3, 9)


# --------------------------------------------------------------------------- the screen

FAR = date(2030, 3, 5)  # a Tuesday well after today, no school holiday configured then


def _post(client: Client, url: str, action: str, first: date, last: date, name: str = "X") -> Any:
    return client.post(
        url,
        {
            "h-name": name,
            "h-first_day": first.isoformat(),
            "h-last_day": last.isoformat(),
            "action": action,
        },
    )


def test_beheerder_checks_then_saves_then_changes_and_removes(world: World) -> None:
    group = make_group(world, start_date=FAR, session_count=4)
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    url = reverse("programmes:school_holidays")
    before = ProcessingRecord.objects.count()
    check = _post(client, url, "check", FAR + timedelta(days=6), FAR + timedelta(days=8))
    assert check.status_code == 200
    body = check.content.decode()
    assert "3 coming sessions of 1 group(s) move" in body and group.name in body
    assert not SchoolHoliday.objects.filter(name="X").exists()
    saved = _post(client, url, "save", FAR + timedelta(days=6), FAR + timedelta(days=8))
    assert saved.status_code == 302
    holiday = SchoolHoliday.objects.get(name="X")
    assert _dates(group.code)[1] == FAR + timedelta(weeks=2)
    listing = client.get(url).content.decode()
    assert "X" in listing and "Groups that pause" in listing
    edit = reverse("programmes:school_holiday_edit", args=[holiday.pk])
    assert client.get(edit).status_code == 200
    changed = _post(client, edit, "save", FAR + timedelta(days=13), FAR + timedelta(days=15))
    assert changed.status_code == 302
    assert _dates(group.code)[1:3] == [FAR + timedelta(weeks=1), FAR + timedelta(weeks=3)]
    delete = reverse("programmes:school_holiday_delete", args=[holiday.pk])
    confirm = client.get(delete)
    assert confirm.status_code == 200 and "move" in confirm.content.decode()
    assert client.post(delete).status_code == 302
    assert not SchoolHoliday.objects.filter(pk=holiday.pk).exists()
    assert _dates(group.code) == [FAR + timedelta(weeks=n) for n in range(4)]
    assert ProcessingRecord.objects.count() == before  # no personal data here


def test_validation_end_before_start_and_overlap(world: World) -> None:
    client = sign_in(Client(), world.user("functioneel_beheerder"))
    url = reverse("programmes:school_holidays")
    bad = _post(client, url, "save", FAR, FAR - timedelta(days=1))
    assert bad.status_code == 200
    assert "The last day may not be before the first day." in bad.content.decode()
    SchoolHoliday.objects.create(name="Voorjaar", first_day=FAR, last_day=FAR + timedelta(days=6))
    overlap = _post(client, url, "save", FAR + timedelta(days=3), FAR + timedelta(days=10))
    assert "This period overlaps Voorjaar" in overlap.content.decode()
    assert SchoolHoliday.objects.filter(first_day__gte=FAR).count() == 1
    one_day = _post(client, url, "save", FAR + timedelta(days=20), FAR + timedelta(days=20))
    assert one_day.status_code == 302


@pytest.mark.parametrize("key", ["klantmanager_a", "trainer", "functioneel_beheerder"])
def test_planners_and_trainers_see_the_list(world: World, key: str) -> None:
    response = sign_in(Client(), world.user(key)).get(reverse("programmes:school_holidays"))
    assert response.status_code == 200
    assert "Herfstvakantie 2026" in response.content.decode()
    can_manage = key == "functioneel_beheerder"
    assert ("Add a school holiday" in response.content.decode()) is can_manage


def test_access(world: World) -> None:
    holiday = SchoolHoliday.objects.first()
    assert holiday is not None
    urls = [
        reverse("programmes:school_holidays"),
        reverse("programmes:school_holiday_edit", args=[holiday.pk]),
        reverse("programmes:school_holiday_delete", args=[holiday.pk]),
    ]
    for url in urls:
        assert Client().get(url).status_code == 302  # sign in first
    viewers = {"klantmanager_a", "klantmanager_b", "trainer", "functioneel_beheerder"}
    for key in ALL_ROLE_KEYS:
        client = sign_in(Client(), world.user(key))
        assert client.get(urls[0]).status_code == (200 if key in viewers else 403), key
        for url in urls[1:]:
            expected = 200 if key == "functioneel_beheerder" else 403
            assert client.get(url).status_code == expected, (key, url)
        if key != "functioneel_beheerder":
            assert _post(client, urls[0], "save", FAR, FAR).status_code == 403
            assert client.post(urls[2]).status_code == 403
    assert SchoolHoliday.objects.filter(pk=holiday.pk).exists()

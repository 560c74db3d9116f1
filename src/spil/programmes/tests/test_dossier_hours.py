"""The hours panel on the person's dossier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.programmes import queries
from spil.programmes.models import Attendance, HoursEntry, ProgrammeTemplate
from spil.programmes.services import attendance, enrolment
from spil.programmes.tests.support import established_pip, make_group
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _dossier(world: World, key: str = "klantmanager_a") -> str:
    assert world.person_a is not None
    client = sign_in(Client(), world.user(key))
    response = client.get(reverse("persons:programmes", args=[world.person_a.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_dossier_shows_map_and_pvt_hours_inline(world: World) -> None:
    person = world.person_a
    assert person is not None
    group = make_group(world, start_date=date(2026, 9, 1), session_count=3)
    for session in group.sessions.all()[:2]:
        attendance.record_attendance(session, {person.pk: ("present", "")}, actor=None)
    before = ProcessingRecord.objects.count()
    body = _dossier(world)
    assert ProcessingRecord.objects.count() == before + 1  # the dossier's own record only
    assert "Programmes and hours" in body
    assert "5.0 of at least 40" in body  # two sessions of 2.5 h
    assert "2 of 8" in body  # two MAP themes
    assert "0 of 12" in body or "0.0 of 12" in body  # PVT
    assert "Z-route" not in body.split('id="programme-hours-heading"')[1].split("</section>")[0]
    assert reverse("programmes:person", args=[person.public_id]) in body


def test_zroute_hours_show_for_a_zroute_pip_with_the_enrol_link(world: World) -> None:
    person = world.person_a
    assert person is not None
    established_pip(
        person, [("language", "ROC", "8", date(2026, 9, 7), date(2027, 9, 5))], leerroute="z"
    )
    HoursEntry.objects.create(
        person=person, component="language", on=date(2026, 9, 8), hours=Decimal(6), source_key="t1"
    )
    body = _dossier(world)
    panel = body.split('id="programme-hours-heading"')[1].split("</section>")[0]
    assert "language 6.0 of 800, participation 0.0 of 800" in panel
    assert reverse("programmes:enrol_from_pip", args=[person.public_id]) in panel


def test_empty_panel_and_no_enrol_link_without_change_rights(world: World) -> None:
    body = _dossier(world)
    assert "Not enrolled in a programme and no hours credited yet." in body
    assert world.person_a is not None
    overview = queries.hours_overview(world.person_a, world.user("klantmanager_b"))
    assert overview is None
    enrolment.enrol(
        world.person_a,
        ProgrammeTemplate.objects.get(code="pvt-standaard"),
        date(2026, 11, 2),
        actor=None,
    )
    overview = queries.hours_overview(world.person_a, world.user("klantmanager_a"))
    assert overview is not None and overview.enrolled and not overview.is_empty
    assert not Attendance.objects.exists()

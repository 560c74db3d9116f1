"""Issue 16: the caseload filters by intake focus, programme and group, within the user's
caseload as before."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spil.intake import services as intake_services
from spil.persons.tests import factories
from spil.programmes.models import ProgrammeTemplate
from spil.programmes.services import enrolment
from spil.programmes.tests.support import make_group
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db
URL = reverse("persons:caseload")


def names(response: Any) -> list[str]:
    return re.findall(r'href="/personen/[0-9a-f-]+/">([^,<]+),', response.content.decode())


def test_filter_by_intake_focus_programme_and_group(world: World) -> None:
    km = world.user("klantmanager_a")
    a = world.gemeente_a
    learner = factories.make_person(a, "Leerder")
    worker = factories.make_person(a, "Werker")
    intake = intake_services.start_intake(learner, actor=km)
    intake_services.decide_focus(intake, focus="education", note="", actor=km)
    template = ProgrammeTemplate.objects.create(code="dual", name="Duaal traject")
    enrolment.enrol(worker, template, timezone.localdate(), actor=None)
    make_group(world, members=[learner])
    # someone outside the caseload in the same group is never shown
    assert world.person_b is not None
    client = sign_in(Client(), km)
    page = client.get(URL)
    body = page.content.decode()
    assert "Intake focus" in body and "Duaal traject" in body and "MAP Aadorp" in body
    assert names(client.get(URL, {"focus": "education"})) == ["Leerder"]
    assert names(client.get(URL, {"focus": "stabilisation"})) == []
    assert names(client.get(URL, {"programme": "dual"})) == ["Werker"]
    assert names(client.get(URL, {"group": "map-aadorp"})) == ["Leerder"]
    assert names(client.get(URL, {"group": "map-aadorp", "programme": "dual"})) == []


def test_groups_of_other_municipalities_are_not_offered(world: World) -> None:
    make_group(world, members=[], code="map-bedorp", name="MAP Bedorp",
               municipality=world.gemeente_b)  # fmt: skip
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert "MAP Bedorp" not in client.get(URL).content.decode()
    response = client.get(URL, {"group": "map-bedorp"})
    assert names(response) == []


def test_programmes_and_groups_are_read_once_and_only_for_the_page(world: World) -> None:
    ProgrammeTemplate.objects.create(code="dual", name="Duaal traject")
    client = sign_in(Client(), world.user("klantmanager_a"))

    def programme_reads(request: Callable[[], Any]) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            request()
        return [q["sql"] for q in queries.captured_queries if '"programmes_' in q["sql"]]

    # A search by name is redirected to its address without offering any choice.
    assert programme_reads(lambda: client.post(URL, {"q": "Jan"})) == []
    # The page reads each list once, also when it checks the chosen programme against it.
    reads = programme_reads(lambda: client.get(URL, {"programme": "dual"}))
    assert sum('FROM "programmes_programmetemplate"' in sql for sql in reads) == 1
    assert sum('FROM "programmes_group"' in sql for sql in reads) == 1

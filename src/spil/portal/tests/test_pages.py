"""What the newcomer sees: the next session and who to call, their plan beside the Dutch,
reporting absence that the trainer sees, the people who help them, and their data."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.audit.services import record_view
from spil.portal.tests.support import newcomer_client, portal_world
from spil.programmes.models import Attendance, AttendanceStatus, LanguageResult
from spil.programmes.services import attendance as attendance_service
from spil.programmes.tests.support import established_pip
from spil.testing import World, morning_of, sign_in

pytestmark = pytest.mark.django_db


def test_home_shows_the_next_session_and_who_to_call(world: World) -> None:
    group = portal_world(world)
    assert world.person_a is not None
    page = newcomer_client(world.person_a).get(reverse("portal:home")).content.decode()
    first = group.sessions.order_by("number")[0]
    assert group.name in page
    assert first.starts_at.astimezone().strftime("%d-%m-%Y") in page or "24-11-2026" in page
    assert "klantmanager_a" in page  # the client manager, by name or username
    assert "درسك القادم" in page  # "Your next lesson" in Arabic
    assert 'id="read-aloud"' in page and "لا يوجد في متصفحك صوت" in page


def test_reporting_absence_shows_on_the_trainers_attendance_list(world: World) -> None:
    group = portal_world(world)
    assert world.person_a is not None
    session = group.sessions.order_by("number")[0]
    client = newcomer_client(world.person_a)
    url = reverse("portal:absence", args=[session.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Mijn kind is ziek"})
    assert response["Location"] == f"{reverse('portal:agenda')}?sent=1"
    mark = Attendance.objects.get(session=session, person=world.person_a)
    assert mark.status == AttendanceStatus.EXCUSED
    assert mark.reason == "Mijn kind is ziek"
    assert mark.reported_by_participant
    trainer = sign_in(Client(), world.user("trainer"))
    attendance_url = reverse("programmes:attendance", args=[group.code, session.number])
    page = trainer.get(attendance_url).content.decode()
    assert "Mijn kind is ziek" in page
    assert "De deelnemer heeft zich afgemeld in het portaal." in page
    # "Everyone present" keeps the absence the participant reported.
    trainer.post(attendance_url, {"everyone": "present"})
    mark.refresh_from_db()
    assert mark.status == AttendanceStatus.EXCUSED


def test_absence_cannot_be_reported_once_the_session_started(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    group = portal_world(world)
    assert world.person_a is not None
    session = group.sessions.order_by("number")[0]
    clock.move_to(morning_of(date(2026, 11, 24), hour=11))
    with pytest.raises(attendance_service.AbsenceNotAllowedError):
        attendance_service.report_absence(session, world.person_a, "te laat")
    response = newcomer_client(world.person_a).post(
        reverse("portal:absence", args=[session.pk]), {"reason": "te laat"}
    )
    assert response.status_code == 404


def test_the_plan_shows_their_language_beside_the_dutch(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    established_pip(
        world.person_a,
        [("language", "Taalschool De Brug", "8", date(2026, 9, 1), date(2027, 9, 1))],
    )
    page = newcomer_client(world.person_a).get(reverse("portal:plan")).content.decode()
    assert "مسارك التعليمي" in page  # "Your learning route" in Arabic
    assert "Uw leerroute" in page  # and the Dutch beside it
    assert "Taalschool De Brug" in page


def test_my_people_lists_the_client_manager_and_the_trainer(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    page = newcomer_client(world.person_a).get(reverse("portal:people")).content.decode()
    assert "klantmanager_a" in page
    assert "trainer" in page
    assert "Taalschool" in page


def test_my_data_says_in_plain_words_who_used_it(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    staff = sign_in(Client(), world.user("klantmanager_a"))
    staff.get(reverse("persons:detail", args=[world.person_a.public_id]))
    client = newcomer_client(world.person_a)
    client.post(reverse("portal:language"), {"language": "nl"})
    client.get(reverse("portal:home"))
    page = client.get(reverse("portal:data")).content.decode()
    assert "klantmanager_a (Gemeente Aadorp)</strong> heeft uw gegevens bekeken" in page
    assert "Om u te helpen met uw inburgering" in page
    assert "<strong>U</strong> heeft uw gegevens bekeken" in page


def test_the_download_holds_their_data_as_json_and_pdf(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    staff = sign_in(Client(), world.user("klantmanager_a"))
    staff.get(reverse("persons:detail", args=[world.person_a.public_id]))
    client = newcomer_client(world.person_a)
    client.get(reverse("portal:home"))
    data = json.loads(client.get(reverse("portal:data_json")).content)
    assert data["person"]["bsn"] == world.person_a.bsn
    assert data["people"][0]["role"] == "client_manager"
    assert len(data["sessions"]) == 8
    # Their own actions are theirs ("by_you"), found by the pseudonym the log names them by.
    by_you = {(e["organisation"], e["by_you"]) for e in data["processing_log"]}
    assert by_you == {("Gemeente Aadorp", False), ("", True)}
    pdf = client.get(reverse("portal:data_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    exports = ProcessingRecord.objects.filter(handeling="exporteren")
    assert exports.count() == 2
    assert all(r.gebruiker == f"betrokkene:{world.person_a.log_ref}" for r in exports)


def test_a_processing_record_has_one_actor(world: World) -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.user("klantmanager_a")
    assert world.person_a is not None
    record = record_view(request, person_ids=[world.person_a.pk], categories=[], action_name="x")
    assert record is not None and record.gebruiker == str(world.user("klantmanager_a").pk)


def test_my_progress_shows_hours_themes_and_levels_as_bars_and_words(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    group = portal_world(world)
    assert world.person_a is not None
    session = group.sessions.order_by("number")[0]
    clock.move_to(morning_of(date(2026, 11, 25)))
    attendance_service.record_attendance(
        session, {world.person_a.pk: ("present", "")}, actor=world.user("trainer")
    )
    LanguageResult.objects.create(
        person=world.person_a, skill="reading", level="A2", on=date(2026, 11, 1)
    )
    client = newcomer_client(world.person_a)
    client.post(reverse("portal:language"), {"language": "nl"})
    page = client.get(reverse("portal:progress")).content.decode()
    snippet = page[page.find("<main") :][:2000]
    assert "MAP: oefenuren" in page
    assert '2,5</strong> van <strong dir="ltr">40</strong> uur' in page, snippet
    assert '<progress max="100" value="' in page
    assert "Lezen" in page and "A2" in page
    assert "Participatieverklaring (PVT): uren" in page

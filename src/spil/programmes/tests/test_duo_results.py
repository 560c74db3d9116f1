"""Results to DUO through the DuoClient against the sandbox (DUO's schemas and rules).

Each 'Verwijtbaar' rule of DUO's README (MAP and PVT) is exercised twice: Spil's own check
refuses it before sending, and the sandbox refuses the same request when sent unchecked.
The term runs from 2022-05-01 to 2025-05-01 (DUO's einddatum, exclusive).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.duo.client import DuoClient
from spil.duo.tests.support import DuoEnv, make_env
from spil.persons.models import Person
from spil.programmes.models import DuoResult, HoursEntry
from spil.programmes.services import attendance, duo_results
from spil.testing import World, logged_person_ids
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

TERM_START = date(2022, 5, 1)
TERM_END = date(2025, 5, 1)


@pytest.fixture
def env(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


@pytest.fixture
def person(env: DuoEnv, world: World) -> Person:
    bsn = env.person(start=date(2022, 1, 10))
    env.store.seed_pip(
        bsn,
        env.a,
        {"dagtekeningPip": "2022-05-01", "leerroute": "Z"},
        TERM_START,
    )
    env.store.set_termijn(bsn, TERM_START, TERM_END)
    subject = Person.objects.create(
        bsn=bsn, given_names="Sara", family_name="Duotest", municipality=world.gemeente_a
    )
    Trajectory.objects.create(
        person=subject,
        municipality=world.gemeente_a,
        leerroute="z",
        termijn_start=TERM_START,
        termijn_end=TERM_END,
    )
    return subject


CASES = [
    # (date, verwijtbaar, accepted, why)
    (date(2024, 6, 3), None, True, "before the end: no Verwijtbaar"),
    (date(2024, 6, 3), "Nee", False, "before the end: Verwijtbaar may not be given"),
    (date(2024, 6, 3), "Ja", False, "'Ja' only with an overschrijding"),
    (date(2025, 5, 1), None, False, "on the einddatum = overschrijding: Verwijtbaar needed"),
    (date(2025, 6, 2), None, False, "overschrijding without Verwijtbaar"),
    (date(2025, 6, 2), "Nee", True, "'Nee' within two months after the end"),
    (date(2025, 6, 2), "Ja", True, "'Ja' with an overschrijding"),
    (date(2025, 6, 30), "Nee", True, "'Nee' on the last day within two months"),
    (date(2025, 7, 1), "Nee", False, "'Nee' two months or more after the end"),
    (date(2025, 8, 4), "Ja", True, "'Ja' long after the end"),
]


@pytest.mark.parametrize("kind", ["map", "pvt"])
@pytest.mark.parametrize(("on", "verwijtbaar", "accepted", "why"), CASES, ids=[c[3] for c in CASES])
def test_verwijtbaar_rules(
    env: DuoEnv,
    person: Person,
    world: World,
    kind: str,
    on: date,
    verwijtbaar: str | None,
    accepted: bool,
    why: str,
) -> None:
    actor = world.user("klantmanager_a")
    local = duo_results.check_result(person, kind, on, verwijtbaar)
    assert (not local) == accepted, (why, local)
    if accepted:
        result = duo_results.send_result(person, kind, on, verwijtbaar=verwijtbaar, actor=actor)
        assert result is not None
        assert result.on == on and result.verwijtbaar == (verwijtbaar or "")
        with env_client(env, person) as client:
            got = client.get_map(person.bsn) if kind == "map" else client.get_pvt(person.bsn)
        assert next(iter(got.values())) == on.isoformat()
        record = ProcessingRecord.objects.filter(purpose_code="duo_gegevensuitwisseling").get()
        assert logged_person_ids(record) == {person.pk}
    else:
        with pytest.raises(duo_results.ResultRefused):
            duo_results.send_result(person, kind, on, verwijtbaar=verwijtbaar, actor=actor)
        # The sandbox (DUO's rules) refuses the same request when Spil does not check.
        with pytest.raises(duo_results.ResultRefused) as refused:
            duo_results.send_result(
                person, kind, on, verwijtbaar=verwijtbaar, actor=actor, check=False
            )
        assert refused.value.messages
        assert not DuoResult.objects.filter(person=person).exists()


@pytest.mark.parametrize("kind", ["map", "pvt"])
def test_future_date_is_refused(env: DuoEnv, person: Person, kind: str) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(duo_results.ResultRefused):
        duo_results.send_result(person, kind, tomorrow, verwijtbaar="Ja", actor=None)
    with pytest.raises(duo_results.ResultRefused):
        duo_results.send_result(person, kind, tomorrow, verwijtbaar="Ja", actor=None, check=False)


def test_zroute_completion_and_hours(env: DuoEnv, person: Person, world: World) -> None:
    HoursEntry.objects.create(
        person=person, component="language", on=date(2025, 1, 6), hours=812, source_key="t1"
    )
    HoursEntry.objects.create(
        person=person, component="participation", on=date(2025, 1, 6), hours=805, source_key="t2"
    )
    summary = attendance.hours_summary(person)
    assert summary.zroute.complete
    duo_results.send_result(person, "zroute", date(2025, 3, 3), actor=world.user("klantmanager_a"))
    assert env.store.person(person.bsn).zroute_afgerond == date(2025, 3, 3)
    sent = duo_results.send_hours(person, actor=world.user("klantmanager_a"))
    assert sent == {"taalles_knm": 812, "participatie": 805}
    with env_client(env, person) as client:
        uren = client.get_gevolgde_uren(person.bsn)
    assert uren, "DUO has the hours"


def test_the_termijn_is_duos_not_spils_estimate(env: DuoEnv, person: Person) -> None:
    # Spil's own (older) estimate ends a year earlier; DUO's termijn decides.
    Trajectory.objects.filter(person=person).update(termijn_end=date(2024, 5, 1))
    assert duo_results.check_result(person, "map", date(2024, 6, 3), None) == []
    assert duo_results.send_result(person, "map", date(2024, 6, 3), actor=None) is not None


def test_the_actuele_pip_of_another_gemeente_is_refused_before_sending(
    env: DuoEnv, person: Person, world: World
) -> None:
    world.gemeente_a.cbs_code = "0001"
    world.gemeente_a.save()
    env.store.seed_pip(
        person.bsn, env.b, {"dagtekeningPip": "2023-01-02", "leerroute": "B"}, TERM_START
    )
    calls = env.store.person(person.bsn).map
    with pytest.raises(duo_results.ResultRefused) as refused:
        duo_results.send_result(person, "pvt", date(2024, 6, 3), actor=None)
    assert refused.value.messages == [
        "Uw gemeente moet een actuele PIP hebben voor de inburgeringsplichtige."
    ]
    assert env.store.person(person.bsn).map == calls  # nothing sent
    with pytest.raises(duo_results.ResultRefused):  # and DUO refuses the same
        duo_results.send_result(person, "pvt", date(2024, 6, 3), actor=None, check=False)


def test_a_date_registered_by_another_gemeente_cannot_be_changed(
    env: DuoEnv, person: Person
) -> None:
    with env.store.transaction() as state:
        from spil_dev.duo_sandbox.store import ResultaatRecord

        state.persons[person.bsn].map = ResultaatRecord(env.b, date(2024, 1, 8), None, TERM_START)
    with pytest.raises(duo_results.ResultRefused) as refused:
        duo_results.send_result(person, "map", date(2024, 6, 3), actor=None)
    assert "eerder door uw gemeente zijn geleverd" in refused.value.messages[0]


def test_a_result_can_be_withdrawn(env: DuoEnv, person: Person) -> None:
    duo_results.send_result(person, "map", date(2024, 6, 3), actor=None)
    assert duo_results.send_result(person, "map", None, actor=None) is None
    assert not DuoResult.objects.filter(person=person, kind="map").exists()
    assert env.store.person(person.bsn).map.datum is None  # type: ignore[union-attr]


def test_the_zroute_completion_needs_a_person_on_the_zroute(env: DuoEnv, person: Person) -> None:
    env.store.seed_pip(
        person.bsn, env.a, {"dagtekeningPip": "2023-01-02", "leerroute": "B"}, TERM_START
    )
    with pytest.raises(duo_results.ResultRefused) as refused:
        duo_results.send_result(person, "zroute", date(2025, 3, 3), actor=None)
    assert refused.value.messages == ["De inburgeraar volgt de Z-route niet."]
    with pytest.raises(duo_results.ResultRefused):  # the sandbox's PUT checks it too
        duo_results.send_result(person, "zroute", date(2025, 3, 3), actor=None, check=False)


def env_client(env: DuoEnv, person: Person) -> DuoClient:
    from spil.duo import services as duo_services

    return duo_services.make_client(person.municipality.oin)


def test_the_nightly_task_sends_changed_hours_and_the_duo_page_shows_it(
    env: DuoEnv, person: Person, world: World
) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from spil.programmes.models import HoursReport
    from spil.programmes.tasks import send_hours_task
    from spil.testing import sign_in

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "spil.programmes.send_hours" in schedule
    HoursEntry.objects.create(
        person=person, component="language", on=date(2025, 1, 6), hours=120, source_key="h1"
    )
    HoursEntry.objects.create(
        person=person, component="participation", on=date(2025, 1, 6), hours=40, source_key="h2"
    )
    assert send_hours_task.delay().get()["sent"] == 1
    report = HoursReport.objects.get(person=person)
    assert (report.status, report.taalles_hours, report.participation_hours) == ("sent", 120, 40)
    uren = env.store.person(person.bsn).uren[env.a]
    assert (uren.participatie_als_taalles, uren.participatieactiviteiten_brede_intake) == (120, 40)
    assert send_hours_task.delay().get() == {"sent": 0, "unchanged": 1, "pending": 0, "failed": 0}
    # new hours, DUO down: pending, nothing lost; next night they go
    HoursEntry.objects.create(
        person=person, component="language", on=date(2025, 2, 3), hours=8, source_key="h3"
    )
    env.store.inject_fault(503, times=3)
    assert send_hours_task.delay().get()["pending"] == 1
    report.refresh_from_db()
    assert report.status == "pending" and report.taalles_hours == 120
    page = sign_in(Client(), world.user("klantmanager_a")).get(reverse("duo:status"))
    assert page.status_code == 200
    assert 'id="duo-hours"' in page.content.decode() and person.bsn not in page.content.decode()
    assert send_hours_task.delay().get()["sent"] == 1
    report.refresh_from_db()
    assert report.status == "sent" and report.taalles_hours == 128 and report.last_sent_at

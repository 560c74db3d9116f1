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
    local = duo_results.check_verwijtbaar(person, on, verwijtbaar)
    assert (not local) == accepted, (why, local)
    if accepted:
        result = duo_results.send_result(person, kind, on, verwijtbaar=verwijtbaar, actor=actor)
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


def env_client(env: DuoEnv, person: Person) -> DuoClient:
    from spil.duo import services as duo_services

    return duo_services.make_client(person.municipality.oin)

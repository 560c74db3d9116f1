"""The two pilot tables of seed 003, rebuilt from persons entered through the REST APIs:
DUO notifies each person through the Notificatie API (the way people come into Spil),
and the klantmanager enrols them, records their placements and outcomes, and ends their
programme through Spil's REST API. The report then gives the published numbers.

* Dordrecht / Drechtsteden: "Van de 54 deelnemers zijn er 25 doorgestroomd vanuit het
  traject. Hiervan hebben 15 certificaten gehaald, lopen 8 stage, doen 8
  vrijwilligerswerk, hebben 6 betaald werk en volgen er 3 een opleiding."
* Vijfheerenlanden, Gorinchem, Molenlanden: "Van de 40 deelnemers zijn er 29 in korte
  tijd uitgestroomd naar werk of een opleiding. Hiervan hadden 8 deelnemers na het
  traject een betaalde baan, liepen er 18 stage, volgden 3 een opleiding en deden 2
  vrijwilligerswerk." (one person can have several outcomes: 31 for 29 persons)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.duo.tests.support import DuoEnv, make_env
from spil.duo_inbound import services as inbound
from spil.placements.models import PlacementOffer
from spil.reports import services
from spil.reports.funnel import AT_END
from spil.reports.tests.support import DORDRECHT, TAALSNELWEG, column, selection_of, shown_column
from spil.testing import World, make_user, sign_in

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)
END = date(2026, 6, 26)


@dataclass
class Pilot:
    name: str
    oin: str
    cbs: str
    template: str
    started: int
    #: per person with an outcome, the outcomes through the API: "paid" goes through a
    #: placement (propose, introduction, start, convert), the others are recorded directly
    outcomes: list[list[str]] = field(default_factory=list)


def dordrecht() -> Pilot:
    people: list[list[str]] = []
    people += [["paid"] for _ in range(6)]
    people += [["education"] for _ in range(3)]
    people += [["internship"] for _ in range(8)]
    people += [["volunteering"] for _ in range(8)]
    for person in people[:15]:
        person.append("certificate")
    return Pilot("Gemeente Dordrecht", "00000001000000000505", "0505", DORDRECHT, 54, people)


def vijfheerenlanden() -> Pilot:
    people: list[list[str]] = []
    people += [["paid"] for _ in range(8)]
    people += [["internship"] for _ in range(18)]
    people += [["education"] for _ in range(3)]
    people[0].append("volunteering")
    people[1].append("volunteering")
    return Pilot(
        "Gemeente Vijfheerenlanden", "00000001000000001961", "1961", TAALSNELWEG, 40, people
    )


def post(client: Client, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201), (url, response.content)
    result: dict[str, Any] = response.json()
    return result


def enter_pilot(
    duo: DuoEnv, pilot: Pilot, django_capture_on_commit_callbacks: Any
) -> tuple[Organisation, User]:
    gemeente = Organisation.objects.create(
        name=pilot.name, type=OrganisationType.GEMEENTE, oin=pilot.oin, cbs_code=pilot.cbs
    )
    duo.store.add_gemeente(pilot.oin, pilot.cbs, pilot.name)
    inbound.clear_municipality_cache()
    klantmanager = make_user(f"km-{pilot.cbs}", gemeente, Role.KLANTMANAGER)
    policy = make_user(f"beleid-{pilot.cbs}", gemeente, Role.BELEIDSMEDEWERKER)
    employer = Organisation.objects.create(
        name=f"Werkgever {pilot.cbs}", type=OrganisationType.WERKGEVER
    )
    job = PlacementOffer.objects.create(
        employer=employer,
        title="Productiemedewerker",
        type="werkervaringsplaats",
        esco_uri="http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f",
        occupation_label="magazijnmedewerker",
        isco_code="9333",
        hours_per_week=24,
        places=10,
    )
    client = sign_in(Client(), klantmanager)
    for number in range(pilot.started):
        # DUO notifies the new inburgeraar: the 10-week period starts (SS139).
        bsn = duo.person(pilot.oin, start=date(2025, 1, 6))
        with django_capture_on_commit_callbacks(execute=True):
            accepted = duo.post(
                "SS139", bsn, doel=pilot.oin, at=datetime(2025, 1, 6, 9, tzinfo=UTC)
            )
        assert accepted.status_code == 201
        found = post(client, "/api/v1/persons/search/", {"q": bsn})["results"]
        assert len(found) == 1
        person = found[0]["id"]
        enrolment = post(
            client,
            "/api/v1/enrolments/",
            {"person": person, "template": pilot.template, "start_date": START.isoformat()},
        )
        outcomes = pilot.outcomes[number] if number < len(pilot.outcomes) else []
        for kind in outcomes:
            if kind == "paid":
                placement = post(
                    client, "/api/v1/placements/", {"person": person, "offer": str(job.public_id)}
                )
                url = f"/api/v1/placements/{placement['id']}/"
                post(client, url + "introduction/", {"on": "2025-09-01"})
                post(client, url + "start/", {"on": "2025-09-08"})
                post(client, url + "convert/", {"job_start": "2026-03-02"})
            else:
                post(
                    client,
                    "/api/v1/outcomes/",
                    {"person": person, "kind": kind, "started_on": "2026-02-02"},
                )
        post(
            client,
            f"/api/v1/enrolments/{enrolment['id']}/end/",
            {"status": "completed", "on": END.isoformat()},
        )
    return gemeente, policy


@pytest.fixture
def duo(world: World, monkeypatch: pytest.MonkeyPatch) -> DuoEnv:
    return make_env(world, monkeypatch)


@pytest.mark.parametrize(
    ("pilot", "published"),
    [
        (
            dordrecht,
            {
                "reached": 54,
                "with_outcome": 25,
                "certificate": 15,
                "internship": 8,
                "participation": 8,
                "paid": 6,
                "education": 3,
                "outcomes": 40,
            },
        ),
        (
            vijfheerenlanden,
            {
                "reached": 40,
                "with_outcome": 29,
                "paid": 8,
                "internship": 18,
                "education": 3,
                "participation": 2,
                "outcomes": 31,
            },
        ),
    ],
    ids=["dordrecht", "vijfheerenlanden"],
)
def test_the_pilot_table_from_persons_entered_through_the_api(
    duo: DuoEnv,
    django_capture_on_commit_callbacks: Any,
    pilot: Any,
    published: dict[str, int],
) -> None:
    gemeente, policy = enter_pilot(duo, pilot(), django_capture_on_commit_callbacks)
    selection = selection_of(gemeente, [gemeente], template=pilot().template)
    report = services.run(policy, "funnel", selection)
    funnel = column(report, "funnel", "persons")
    assert funnel["started"] == funnel["ended"] == funnel["ended_completed"] == published["reached"]
    at_end = column(report, "outcomes", AT_END)
    assert {key: at_end[key] for key in published} == published
    assert at_end["without_outcome"] == published["reached"] - published["with_outcome"]
    # What the beleidsmedewerker reads: the published numbers, those below 5 as "< 5",
    # on the page and through the aggregate API alike.
    shown = shown_column(report, "outcomes", AT_END)
    for key, value in published.items():
        assert shown[key] == (str(value) if value >= 5 else "< 5"), key
    api = sign_in(Client(), policy).get(
        "/api/v1/reports/funnel/", {"area": gemeente.pk, "template": pilot().template}
    )
    outcomes = {row["key"]: row["cells"] for row in api.json()["tables"][2]["rows"]}
    for key, value in published.items():
        cell = next(c for c in outcomes[key] if c["column"] == AT_END)
        assert cell["value"] == (value if value >= 5 else None), key

"""The aggregate report endpoints: the same figures as the pages, suppressed the same
way, one aggregate processing record per request."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from spil.audit.models import ProcessingRecord
from spil.reports.tests.support import Out, Spec, make_person
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_the_reports_there_are(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    kinds = [r["kind"] for r in client.get("/api/v1/reports/").json()]
    assert kinds == ["funnel", "language", "milestones", "map-pvt", "placements", "monitor"]


def test_a_report_as_json_with_suppressed_counts_as_null(world: World) -> None:
    for number in range(9):
        outcomes = [Out("paid_job", date(2025, 9, 1))] if number < 3 else []
        make_person(world.gemeente_a, Spec(start=date(2025, 1, 6), outcomes=outcomes))
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get("/api/v1/reports/funnel/", {"area": world.gemeente_a.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == "Gemeente Aadorp" and body["threshold"] == 5
    assert body["as_of"] == "2026-11-23"
    funnel = body["tables"][0]
    cells = {row["key"]: row["cells"][0] for row in funnel["rows"]}
    assert cells["total"] == {"column": "persons", "value": 9, "display": "9", "state": "shown"}
    assert cells["ended"]["value"] is None and cells["ended"]["state"] == "small"
    by_key = {row["key"]: row for row in body["tables"][2]["rows"]}
    paid_12 = next(c for c in by_key["paid"]["cells"] if c["column"] == "12")
    assert paid_12 == {"column": "12", "value": None, "display": "< 5", "state": "small"}
    record = ProcessingRecord.objects.get()
    assert record.purpose_code == "verantwoording" and not record.persons.exists()


def test_an_invalid_selection_is_a_400_naming_the_parameter(world: World) -> None:
    client = sign_in(Client(), world.user("beleidsmedewerker"))
    response = client.get(
        "/api/v1/reports/funnel/", {"area": str(world.regio.pk), "cohort": "2025-Q5"}
    )
    assert response.status_code == 400 and "cohort" in response.json()
    assert client.get("/api/v1/reports/nope/").status_code == 404
    assert not ProcessingRecord.objects.exists()


@pytest.mark.parametrize("key", ["trainer", "partner_staff", "employer_contact", "buddy"])
def test_roles_without_reports_get_403(world: World, key: str) -> None:
    client = sign_in(Client(), world.user(key))
    assert client.get("/api/v1/reports/").status_code == 403
    assert client.get("/api/v1/reports/funnel/").status_code == 403

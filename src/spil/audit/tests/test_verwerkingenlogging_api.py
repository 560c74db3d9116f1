"""The processing log through VNG's Verwerkingenlogging API: every answer validated against
the standard's own YAML (openapi-core), for the functioneel beheerder only, scoped to their
regio, a person asked for by BSN (looked up to the pseudonym, never stored) or pseudonym,
and every read recorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.test import Client
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType, Role
from spil.audit.api.verwerkingenlogging import activity_id
from spil.audit.models import ProcessingRecord
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons.models import Person
from spil.testing import World, make_user, next_test_bsn, sign_in

pytestmark = pytest.mark.django_db

BASE = "/api/verwerkingenlogging/v1/verwerkingsacties"


@pytest.fixture(scope="module")
def standard() -> OpenAPI:
    path = Path(settings.SHARED_DIR) / "specs" / "verwerkingenlogging" / "openapi-write.yaml"
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["servers"] = [{"url": "http://testserver/api/verwerkingenlogging/v1"}]
    problem: dict[str, Callable[[bytes], Any]] = {"application/problem+json": json_loads}
    return OpenAPI.from_dict(document, config=Config(extra_media_type_deserializers=problem))


def _get(client: Client, standard: OpenAPI, url: str, params: Any = None) -> Any:
    response = client.get(url, params or {})
    standard.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request),
        DjangoOpenAPIResponse(response),  # type: ignore[arg-type]  # the test client's response is an HttpResponse
    )
    assert response["API-version"] == "0.9.0"
    return response


def _log(world: World, person: Person, purpose: Purpose = Purpose.REGIE) -> ProcessingRecord:
    return record_processing(
        actor=world.user("klantmanager_a"),
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=purpose,
        action_name="Dossier",
    )


def _by_bsn(bsn: str, **more: str) -> dict[str, str]:
    return {"objecttype": "persoon", "soortObjectId": "BSN", "objectId": bsn, **more}


def test_an_access_request_by_bsn_answers_the_standards_actions(
    world: World, standard: OpenAPI
) -> None:
    a, b = world.person_a, world.person_b
    assert a is not None and b is not None
    about_a = _log(world, a)
    _log(world, b)
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))

    body = _get(beheer, standard, BASE, _by_bsn(a.bsn)).json()
    assert body["count"] == 1
    action = body["results"][0]
    assert action["actieId"] == str(about_a.actie_id)
    assert action["verwerkingsactiviteitId"] == str(activity_id(Purpose.REGIE.value))
    assert action["uitvoerder"] == world.gemeente_a.oin
    assert action["verwerkteObjecten"][0]["objectId"] == a.log_ref
    assert action["verwerkteObjecten"][0]["verwerkteSoortenGegevens"] == [
        {"soortGegeven": "identity"}
    ]
    assert a.bsn not in str(body)
    # The pseudonym asks the same; the detail is the same action.
    by_ref = {"objecttype": "persoon", "soortObjectId": "spil-pseudoniem", "objectId": a.log_ref}
    again = _get(beheer, standard, BASE, by_ref).json()["results"]
    assert [r for r in again if r["actieNaam"] == "Dossier"] == [action]
    assert "Verwerkingenlogging API: verwerkingsacties (GET)" in {r["actieNaam"] for r in again}
    assert _get(beheer, standard, action["url"]).json() == action
    reads = ProcessingRecord.objects.filter(actie_naam__startswith="Verwerkingenlogging API")
    assert reads.count() == 3
    assert {r.purpose_code for r in reads} == {"verantwoording"}
    assert {p.person_ref for r in reads for p in r.persons.all()} == {a.log_ref}


def test_the_standards_filters(world: World, standard: OpenAPI, clock: Any) -> None:
    a = world.person_a
    assert a is not None
    _log(world, a)
    clock.move_to("2026-12-01 10:00+01:00")
    later = _log(world, a, Purpose.ACCOUNTABILITY)
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))

    def ids(**more: str) -> list[str]:
        found = _get(beheer, standard, BASE, _by_bsn(a.bsn, **more)).json()["results"]
        return [r["actieId"] for r in found if r["actieNaam"] == "Dossier"]

    assert ids(beginDatum="2026-11-30") == [str(later.actie_id)]
    assert len(ids(eindDatum="2026-11-30")) == 1
    assert ids(verwerkingsactiviteitId=str(activity_id(Purpose.ACCOUNTABILITY.value))) == [
        str(later.actie_id)
    ]
    assert ids(vertrouwelijkheid="vertrouwelijk") == []
    assert len(ids(vertrouwelijkheid="normaal")) == 2


@pytest.mark.parametrize(
    ("params", "refused"),
    [
        ({"objecttype": "zaak", "soortObjectId": "BSN", "objectId": "999990019"}, "objecttype"),
        (_by_bsn("123456789"), "objectId"),
        ({"objecttype": "persoon", "soortObjectId": "naam", "objectId": "x"}, "soortObjectId"),
        (_by_bsn("999990019", beginDatum="2026-13-01"), "beginDatum"),
        (_by_bsn("999990019", vertrouwelijkheid="geheim"), "vertrouwelijkheid"),
        (_by_bsn("999990019", page="0"), "page"),
    ],
)
def test_a_bad_filter_is_the_standards_validation_error(
    world: World, standard: OpenAPI, params: dict[str, str], refused: str
) -> None:
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))
    response = _get(beheer, standard, BASE, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [refused]


def test_only_the_beheerder_reads_and_only_their_regio(world: World, standard: OpenAPI) -> None:
    a = world.person_a
    assert a is not None
    elsewhere = Organisation.objects.create(name="Gemeente Elders", type=OrganisationType.GEMEENTE)
    stranger = Person.objects.create(
        bsn=next_test_bsn(), given_names="S", family_name="Elders", municipality=elsewhere
    )
    km_elders = make_user("km_elders", elsewhere, Role.KLANTMANAGER)
    theirs = record_processing(
        actor=km_elders,
        person_ids=[stranger.pk],
        categories=[DataCategory.IDENTITY],
        action=ProcessingAction.VIEW,
        purpose=Purpose.REGIE,
        action_name="Dossier",
    )
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))
    assert _get(beheer, standard, BASE, _by_bsn(stranger.bsn)).json()["count"] == 0
    not_ours = _get(beheer, standard, f"{BASE}/{theirs.actie_id}")
    assert not_ours.status_code == 404 and not_ours.json()["status"] == 404
    assert _get(beheer, standard, f"{BASE}/not-a-uuid").status_code == 404

    ours = _log(world, a)
    refused = _get(sign_in(Client(), world.user("klantmanager_a")), standard, BASE, _by_bsn(a.bsn))
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert _get(Client(), standard, f"{BASE}/{ours.actie_id}").status_code == 403


def test_the_beheerder_answers_an_access_request_from_the_log_page(world: World) -> None:
    a = world.person_a
    assert a is not None
    about_a = _log(world, a)
    beheer = sign_in(Client(), world.user("functioneel_beheerder"))
    page = beheer.get("/beheer/verwerkingen/").content.decode()
    assert 'action="/beheer/verwerkingen/inzageverzoek/"' in page and 'method="post"' in page

    download = beheer.post("/beheer/verwerkingen/inzageverzoek/", {"bsn": a.bsn})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="inzageverzoek-')
    body = download.json()
    dossier = [r["actieId"] for r in body["results"] if r["actieNaam"] == "Dossier"]
    assert dossier == [str(about_a.actie_id)]
    assert a.bsn not in download.content.decode()
    export = ProcessingRecord.objects.get(actie_naam="Processing log: access request exported")
    assert [p.person_ref for p in export.persons.all()] == [a.log_ref]

    refused = beheer.post("/beheer/verwerkingen/inzageverzoek/", {"bsn": "123456789"})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()
    klantmanager = sign_in(Client(), world.user("klantmanager_a"))
    assert (
        klantmanager.post("/beheer/verwerkingen/inzageverzoek/", {"bsn": a.bsn}).status_code == 403
    )

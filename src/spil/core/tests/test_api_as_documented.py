"""The API answers what openapi.yaml documents: an absent choice is null (never "", which
no enum allows), an unknown filter value or page is a 400 naming the parameter, and every
operation documents each refusal it can give with its body."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from spil.persons.tests.factories import make_trajectory
from spil.plans.models import Pip, PipVersion, VersionStatus
from spil.testing import World, sign_in
from spil.trajectories.models import TrajectoryStatus

pytestmark = pytest.mark.django_db

STATUS_FILTERED = [
    "/api/v1/persons/",
    "/api/v1/trajectories/",
    "/api/v1/pip-versions/",
    "/api/v1/intakes/",
    "/api/v1/tasks/",
    "/api/v1/appointments/",
]


def _api(world: World, key: str = "klantmanager_a", language: str = "en") -> Client:
    return sign_in(
        Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language), world.user(key)
    )


def test_an_absent_route_level_or_end_reason_is_null(world: World) -> None:
    assert world.person_a is not None
    trajectory = make_trajectory(world.person_a, status=TrajectoryStatus.RUNNING)
    trajectory.leerroute = trajectory.niveau = trajectory.end_reason = ""
    trajectory.save()
    pip = Pip.objects.create(person=world.person_a, trajectory=trajectory)
    PipVersion.objects.create(pip=pip, number=1, status=VersionStatus.DRAFT, leerroute="z")
    api = _api(world)

    shown = api.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert (shown["leerroute"], shown["niveau"], shown["end_reason"]) == (None, None, None)
    version = api.get("/api/v1/pip-versions/").json()["results"][0]
    assert (version["leerroute"], version["niveau"]) == ("z", None)


@pytest.mark.parametrize("url", STATUS_FILTERED)
@pytest.mark.parametrize("value", ["AAA", ""])
def test_an_unknown_status_is_refused_by_name(world: World, url: str, value: str) -> None:
    response = _api(world).get(url, {"status": value})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


@pytest.mark.parametrize("value", ["", "abc", "0", "-1", "1.5", "last"])
def test_a_page_that_is_no_page_number_is_refused_by_name(world: World, value: str) -> None:
    response = _api(world).get("/api/v1/persons/", {"page": value})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_a_page_beyond_the_list_is_not_found_with_a_message(world: World) -> None:
    api = _api(world)
    assert api.get("/api/v1/persons/", {"page": "1"}).status_code == 200
    response = api.get("/api/v1/persons/", {"page": "9" * 40})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_refusal_is_in_the_callers_language(world: World) -> None:
    response = _api(world, language="nl").get("/api/v1/trajectories/", {"status": "AAA"})
    message = response.json()["status"][0]
    assert message.startswith("Kies een van")
    assert "running" in message


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
        request=None, public=True
    )
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_documents_each_refusal_with_its_body() -> None:
    operations = _operations()
    assert len(operations) > 40
    for path, method, operation in operations:
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        where = f"{method.upper()} {path}"
        if path != "/api/v1/oauth/token/":
            assert "403" in responses, where
        if any(p["in"] == "path" for p in parameters):
            assert "404" in responses, where
        if any(p["in"] == "query" for p in parameters) or method in {"post", "put", "patch"}:
            assert "400" in responses, where
        for code, response in responses.items():
            if code.startswith("4"):
                assert "$ref" in response or "content" in response, f"{where} {code}"


def test_the_partner_api_documents_its_bearer_token_and_rate_limit() -> None:
    partner = [(p, m, o) for p, m, o in _operations() if p.startswith("/api/v1/partner/")]
    assert partner
    for path, method, operation in partner:
        assert {"401", "403", "429"} <= set(operation["responses"]), f"{method} {path}"


@pytest.mark.parametrize(
    "url", ["/api/v1/programme-groups/J./", "/api/v1/no-such-thing/", "/api/v1/persons/x/y/z/"]
)
def test_an_address_no_route_matches_is_the_apis_404_in_the_callers_language(
    world: World, url: str
) -> None:
    response = _api(world, language="nl").get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Niet gevonden."}


def test_a_page_no_route_matches_is_still_the_web_404(world: World) -> None:
    response = _api(world, language="nl").get("/geen-pagina/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

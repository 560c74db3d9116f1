"""The intake API: scoped to the caller's caseload, one processing record per response;
health only for the client manager with the explicit purpose, recorded as special
category."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.intake import services
from spil.intake.models import Intake
from spil.testing import PersonalDataAccessMixin, World, sign_in

LASSER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
AUTOMONTEUR = "http://data.europa.eu/esco/occupation/4ad4024e-d1d3-4dea-b6d1-2c7948111dce"
INTAKE_CATEGORIES = (
    "contact_moments",
    "education",
    "work",
    "language",
    "household",
    "finances",
    "trajectory",
)


def _intake(world: World, *, health: bool = True) -> Intake:
    assert world.person_a is not None
    user = world.user("klantmanager_a")
    intake = services.start_intake(world.person_a, actor=user)
    services.save_step(
        intake, "werk", {"occupation_1": LASSER, "years_1": 8, "country_1": "Syrië"}, actor=user
    )
    services.save_step(
        intake,
        "ambities",
        {"dream_job": AUTOMONTEUR, "dream_job_realism": "Needs a Dutch MBO-2 certificate."},
        actor=user,
    )
    services.save_barriers(
        intake,
        new={"kind": "childcare", "owner": "Welzijn", "action": "Find a place", "status": ""},
        statuses={},
        actor=user,
    )
    if health:
        services.save_health(
            intake,
            {"bodily_functions": 7, "mental_wellbeing": 4, "notes": "Sleeps badly"},
            actor=user,
        )
    return intake


class TestIntakesApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = INTAKE_CATEGORIES
    list_endpoint = True

    def url(self, world: World) -> str:
        _intake(world)
        return reverse("intake-list")


class TestIntakesApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = INTAKE_CATEGORIES

    def url(self, world: World) -> str:
        return reverse("intake-detail", args=[_intake(world).pk])


class TestIntakeHealthApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("health",)

    def url(self, world: World) -> str:
        url = reverse("intake-health", args=[_intake(world).pk])
        return f"{url}?purpose=brede_intake_gezondheid"


def test_detail_has_occupations_and_barriers_but_no_health(world: World) -> None:
    intake = _intake(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    data = client.get(reverse("intake-detail", args=[intake.pk])).json()
    assert data["person"] == str(intake.person.public_id)
    assert data["work_history"] == [
        {
            "occupation": {
                "uri": LASSER,
                "label": "lasser",
                "isco_code": "7212",
                "isco_label": data["work_history"][0]["occupation"]["isco_label"],
            },
            "years": 8,
            "country": "Syrië",
        }
    ]
    assert data["ambitions"][0]["kind"] == "dream_job"
    assert data["ambitions"][0]["occupation"]["uri"] == AUTOMONTEUR
    assert data["barriers"][0]["kind"] == "childcare" and data["barriers"][0]["status"] == "open"
    body = str(data)
    assert "Sleeps badly" not in body and "mental_wellbeing" not in body
    assert intake.person.bsn not in body


def test_list_filters_by_person_and_status(world: World) -> None:
    intake = _intake(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("intake-list")
    found = client.get(url, {"person": str(intake.person.public_id)}).json()
    assert [i["id"] for i in found["results"]] == [intake.pk]
    assert client.get(url, {"status": "completed"}).json()["results"] == []


def test_health_is_special_category_with_its_purpose(world: World) -> None:
    intake = _intake(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("intake-health", args=[intake.pk])
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    data = client.get(url, {"purpose": "brede_intake_gezondheid"}).json()
    assert data["mental_wellbeing"] == 4 and data["notes"] == "Sleeps badly"
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert record.purpose_code == "brede_intake_gezondheid"
    assert record.data_categories == ["health"]
    assert record.vertrouwelijkheid == "vertrouwelijk"


def test_health_without_the_purpose_is_refused_and_not_recorded(world: World) -> None:
    intake = _intake(world)
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("intake-health", args=[intake.pk])
    before = ProcessingRecord.objects.count()
    for params in ({}, {"purpose": "regie_inburgering"}, {"purpose": "werkplaatsing"}):
        response = client.get(url, params)
        assert response.status_code == 403
        assert "Sleeps badly" not in response.content.decode()
    assert ProcessingRecord.objects.count() == before


def test_health_not_recorded_yet_is_404_without_a_record(world: World) -> None:
    intake = _intake(world, health=False)
    client = sign_in(Client(), world.user("klantmanager_a"))
    before = ProcessingRecord.objects.count()
    response = client.get(
        reverse("intake-health", args=[intake.pk]), {"purpose": "brede_intake_gezondheid"}
    )
    assert response.status_code == 404
    assert ProcessingRecord.objects.count() == before

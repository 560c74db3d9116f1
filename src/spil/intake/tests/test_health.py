"""Health is special-category data: invisible to every role without the purpose, and every
view of it writes a processing record naming the special category and the purpose."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import SpecialCategoryNotAllowedError, record_processing
from spil.intake import queries, services
from spil.intake.models import Intake
from spil.testing import ALL_ROLE_KEYS, World, sign_in

pytestmark = pytest.mark.django_db
SECRET_NOTE = "slaapproblemen sinds de vlucht"


@pytest.fixture
def intake(world: World) -> Intake:
    assert world.person_a is not None
    user = world.user("klantmanager_a")
    intake = services.start_intake(world.person_a, actor=user)
    services.save_health(intake, {"mental_wellbeing": 3, "notes": SECRET_NOTE}, actor=user)
    return intake


def test_every_view_of_health_is_recorded_as_special_category(world: World, intake: Intake) -> None:
    url = reverse("intake:health", args=[intake.person.public_id])
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    response = sign_in(Client(), world.user("klantmanager_a")).get(url)
    assert response.status_code == 200
    assert SECRET_NOTE in response.content.decode()
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert DataCategory.HEALTH in record.data_categories
    assert record.purpose_code == "brede_intake_gezondheid"
    assert record.vertrouwelijkheid == "vertrouwelijk"
    assert "art. 9" in record.legal_ground


def test_saving_health_is_recorded_as_special_category(intake: Intake) -> None:
    record = ProcessingRecord.objects.filter(actie_naam="Broad intake: health").get()
    assert record.data_categories == ["health"]
    assert record.purpose_code == "brede_intake_gezondheid"
    assert record.vertrouwelijkheid == "vertrouwelijk"


@pytest.mark.parametrize("key", [k for k in ALL_ROLE_KEYS if k != "klantmanager_a"])
def test_health_is_invisible_without_the_purpose_and_role(
    world: World, intake: Intake, key: str
) -> None:
    url = reverse("intake:health", args=[intake.person.public_id])
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    response = sign_in(Client(), world.user(key)).get(url)
    assert response.status_code in {403, 404}
    assert SECRET_NOTE not in response.content.decode()
    assert not ProcessingRecord.objects.exclude(pk__in=before).exists()


def test_other_intake_pages_never_show_health(world: World, intake: Intake) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    pages = [reverse("intake:overview", args=[intake.person.public_id])] + [
        reverse("intake:step", args=[intake.person.public_id, slug])
        for slug in ("gesprek", "opleiding", "leefsituatie", "belemmeringen", "focus")
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert SECRET_NOTE not in body, url
    health_records = [r for r in ProcessingRecord.objects.all() if "health" in r.data_categories]
    assert len(health_records) == 1  # the save only


def test_the_query_needs_the_explicit_purpose(world: World, intake: Intake) -> None:
    km = world.user("klantmanager_a")
    assert queries.health_for_user(km, intake, purpose=Purpose.INTAKE_HEALTH) is not None
    assert queries.health_for_user(km, intake, purpose=Purpose.REGIE) is None
    assert queries.health_for_user(world.user("klantmanager_b"), intake,
                                   purpose=Purpose.INTAKE_HEALTH) is None  # fmt: skip
    assert queries.health_for_user(world.user("buddy"), intake,
                                   purpose=Purpose.INTAKE_HEALTH) is None  # fmt: skip


def test_the_log_refuses_health_under_another_purpose(world: World, intake: Intake) -> None:
    with pytest.raises(SpecialCategoryNotAllowedError):
        record_processing(
            actor=world.user("klantmanager_a"),
            person_ids=[intake.person_id],
            categories=[DataCategory.HEALTH],
            action=ProcessingAction.VIEW,
            purpose=Purpose.REGIE,
            action_name="wrong purpose",
        )

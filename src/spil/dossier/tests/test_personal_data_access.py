"""Every page and endpoint with a person's data: only the roles allowed get through, and each
allowed request leaves exactly one processing record naming persons and categories."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.dossier.models import Appointment, Task
from spil.persons.tests import factories
from spil.testing import TEST_BSNS, PersonalDataAccessMixin, World, build_world, sign_in

DOSSIER = ("identity", "bsn", "trajectory")
#: Every page of the dossier shows the name and the trajectory's status in its header.
SECTION = ("identity", "trajectory")


def _task_of(world: World) -> Task:
    assert world.person_a is not None
    return factories.make_task(world.person_a, "set_leerroute")


class TestCaseloadPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")
    list_endpoint = True

    def url(self, world: World) -> str:
        return reverse("persons:caseload")


class TestPersonDetailPage(PersonalDataAccessMixin):
    """The summary: no BSN, no contact details."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:detail", args=[world.person_a.public_id])


class TestDossierWithEveryCategory(PersonalDataAccessMixin):
    """The person section of a full dossier names every category it shows."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = (*DOSSIER, "contact", "address", "household")

    @pytest.fixture
    def world(self, db: None) -> World:
        world = build_world()
        person = world.person_a
        assert person is not None
        person.phone = "0612345678"
        person.street = "Dorpsstraat 1"
        person.save()
        factories.add_child(person, date(2022, 5, 1))
        factories.make_trajectory(person, next_deadline=date(2027, 1, 1))
        from spil.dossier.services import record_contact_moment

        record_contact_moment(
            person, actor=world.user("klantmanager_a"), kind="intake", on=date(2026, 1, 5)
        )
        return world

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:person", args=[world.person_a.public_id])


class TestSummaryWithAnAppointment(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = (*SECTION, "contact_moments")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        _future_appointment(world)
        return reverse("persons:detail", args=[world.person_a.public_id])


class TestPersonSection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = DOSSIER

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:person", args=[world.person_a.public_id])


class TestTrajectorySection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        factories.make_trajectory(world.person_a, next_deadline=date(2027, 1, 1))
        return reverse("persons:trajectory", args=[world.person_a.public_id])


class TestProgrammesSection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:programmes", args=[world.person_a.public_id])


class TestWorkSection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = (*SECTION, "work")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:work", args=[world.person_a.public_id])


class TestDocumentsSection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:documents", args=[world.person_a.public_id])


class TestAppointmentsSection(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = (*SECTION, "contact_moments")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        _future_appointment(world)
        return reverse("persons:appointment_plan", args=[world.person_a.public_id])


class TestContactMomentPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:contact_moment", args=[world.person_a.public_id])


class TestReassignPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:reassign", args=[world.person_a.public_id])


class TestHandOverPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:hand_over", args=[world.person_a.public_id])


class TestTimelinePage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "trajectory")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        factories.make_history(world.person_a, 3)
        return reverse("persons:timeline", args=[world.person_a.public_id])


class TestTimelineFragment(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        factories.make_history(world.person_a, 3)
        return reverse("persons:timeline", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.get(url, HTTP_HX_REQUEST="true")


class TestContactMomentForm(PersonalDataAccessMixin):
    """An invalid submission shows its form again (one view record, nothing written)."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:contact_moment", args=[world.person_a.public_id])


def _future_appointment(world: World) -> Appointment:
    from spil.dossier.services import plan_appointment

    assert world.person_a is not None
    starts_at = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=7), time(10, 0))
    )
    return plan_appointment(
        world.person_a,
        actor=world.user("klantmanager_a"),
        kind="progress",
        starts_at=starts_at,
        duration_minutes=60,
        location="Gemeentehuis, spreekkamer 2",
        interpreter_language="",
    )


class TestAppointmentPlan(PersonalDataAccessMixin):
    """A valid plan is written (one processing record by the service) and redirects."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:appointment_plan", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        day = timezone.localdate() + timedelta(days=7)
        body = {
            "ap-kind": "progress",
            "ap-date": day.isoformat(),
            "ap-time": "10:00",
            "ap-duration_minutes": "60",
            "ap-location": "Gemeentehuis, spreekkamer 2",
            "ap-interpreter_language": "",
        }
        return client.post(url, body)


class TestAppointmentPlanInvalid(PersonalDataAccessMixin):
    """An invalid plan shows the appointments again (one view record, nothing written)."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:appointment_plan", args=[world.person_a.public_id])


class TestAppointmentCancel(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        appointment = _future_appointment(world)
        return reverse(
            "persons:appointment_cancel", args=[world.person_a.public_id, appointment.pk]
        )

    def request(self, client: Client, url: str) -> Any:
        appointment_id = url.rstrip("/").split("/")[-2]
        return client.post(url, {f"cancel-{appointment_id}-reason": "Ziek gemeld"})


class TestTaskDone(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        task = _task_of(world)
        return reverse("persons:task_done", args=[world.person_a.public_id, task.pk])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, HTTP_HX_REQUEST="true")


class TestReassignForm(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:reassign", args=[world.person_a.public_id])


class TestHandOverForm(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = SECTION
    method = "post"

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:hand_over", args=[world.person_a.public_id])


class TestEditDetailsPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "contact")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("persons:edit_details", args=[world.person_a.public_id])


# --------------------------------------------------------------------------- API


class TestPersonsApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "bsn", "trajectory")
    list_endpoint = True

    def url(self, world: World) -> str:
        return "/api/v1/persons/"


class TestPersonsApiSearch(PersonalDataAccessMixin):
    """The search by BSN, posted (the BSN never in the address): the list's scope and
    record."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "bsn", "trajectory")
    list_endpoint = True
    method = "post"

    def url(self, world: World) -> str:
        return "/api/v1/persons/search/"

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"q": TEST_BSNS[0]}, content_type="application/json")


class TestPersonsApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity", "bsn", "trajectory")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/"


class TestTrajectoriesApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    list_endpoint = True

    def url(self, world: World) -> str:
        assert world.person_a is not None
        factories.make_trajectory(world.person_a, next_deadline=date(2027, 1, 1))
        return "/api/v1/trajectories/"


class TestTrajectoriesApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        trajectory = factories.make_trajectory(world.person_a, next_deadline=date(2027, 1, 1))
        return f"/api/v1/trajectories/{trajectory.pk}/"


class TestTasksApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    list_endpoint = True

    def url(self, world: World) -> str:
        _task_of(world)
        return "/api/v1/tasks/"


class TestTasksApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        return f"/api/v1/tasks/{_task_of(world).pk}/"


class TestTaskDoneApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    method = "post"

    def url(self, world: World) -> str:
        return f"/api/v1/tasks/{_task_of(world).pk}/done/"


class TestPersonContactMomentsApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/contact-moments/"


class TestPersonContactMomentsApiCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    success_status = 201

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/contact-moments/"

    def request(self, client: Client, url: str) -> Any:
        body = {"kind": "progress", "date": "2026-01-05", "notes": "Goed gesprek"}
        return client.post(url, body, content_type="application/json")


class TestPersonTasksApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/tasks/"


class TestPersonTasksApiCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)
    success_status = 201

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/tasks/"

    def request(self, client: Client, url: str) -> Any:
        body = {"title": "Bel de taalschool", "due": "2027-02-01"}
        return client.post(url, body, content_type="application/json")


class TestAppointmentsApiList(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    list_endpoint = True

    def url(self, world: World) -> str:
        _future_appointment(world)
        return "/api/v1/appointments/"


class TestAppointmentsApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)

    def url(self, world: World) -> str:
        return f"/api/v1/appointments/{_future_appointment(world).pk}/"


class TestAppointmentCancelApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    method = "post"

    def url(self, world: World) -> str:
        return f"/api/v1/appointments/{_future_appointment(world).pk}/cancel/"

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"reason": "Ziek gemeld"}, content_type="application/json")


class TestPersonAppointmentsApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        _future_appointment(world)
        return f"/api/v1/persons/{world.person_a.public_id}/appointments/"


class TestPersonAppointmentsApiCreate(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("contact_moments",)
    success_status = 201

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return f"/api/v1/persons/{world.person_a.public_id}/appointments/"

    def request(self, client: Client, url: str) -> Any:
        starts_at = timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=7), time(10, 0))
        )
        body = {"kind": "progress", "starts_at": starts_at.isoformat()}
        return client.post(url, body, content_type="application/json")


# --------------------------------------------------------------------------- no BSN in URLs


def test_caseload_search_by_name_and_bsn(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("persons:caseload")
    assert "Testpersoon" in client.get(url, {"q": "amal test"}).content.decode()
    assert "Testpersoon" in client.post(url, {"q": "9999 90 019"}).content.decode()
    assert "Testpersoon" not in client.post(url, {"q": "999990020"}).content.decode()
    # Another municipality's person cannot be found by BSN either.
    assert "Anderpersoon" not in client.post(url, {"q": "999990020"}).content.decode()


def test_bsn_never_in_urls(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    page = client.get(reverse("persons:caseload")).content.decode()
    assert world.person_a is not None
    assert world.person_a.bsn not in page
    assert str(world.person_a.public_id) in page
    dossier = client.get(reverse("persons:detail", args=[world.person_a.public_id])).content
    for href in dossier.decode().split('href="')[1:]:
        assert world.person_a.bsn not in href.split('"')[0]


class TestDocumentDownload(PersonalDataAccessMixin):
    """A document of the person's file (e.g. the MAP e-learning report): the klantmanager
    downloads it; the download is an export in the processing log."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        from spil.dossier import services  # test set-up: the service adds the document

        assert world.person_a is not None
        document = services.add_document(
            world.person_a, code="report", title="Rapport", filename="r.pdf", content=b"%PDF-1.7"
        )
        return reverse("persons:document", args=[world.person_a.public_id, document.pk])

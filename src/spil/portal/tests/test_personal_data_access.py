"""Every portal URL: anonymous browsers go to the sign-in, staff get 403, a newcomer sees
only their own data, and each page they open leaves one processing record with them as
the actor."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.portal.tests.support import newcomer_client, portal_world
from spil.testing import ALL_ROLE_KEYS, PersonalDataAccessMixin, World, logged_person_ids, sign_in

pytestmark = pytest.mark.django_db


class NewcomerPageMixin:
    """Checks for a portal page: the newcomer is the only person it may show."""

    name = ""
    expected_categories: tuple[str, ...] = ()
    success_status = 200
    method = "get"

    def url(self, world: World) -> str:
        portal_world(world)
        return reverse(self.name)

    def request(self, client: Client, url: str) -> Any:
        return getattr(client, self.method)(url)

    def _new_records(self, before: set[Any]) -> Any:
        return ProcessingRecord.objects.exclude(pk__in=before)

    def test_anonymous_goes_to_the_sign_in(self, world: World, client: Client) -> None:
        url = self.url(world)
        response = self.request(client, url)
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:sign_in")

    def test_staff_are_refused(self, world: World) -> None:
        url = self.url(world)
        assert world.person_a is not None
        for key in ALL_ROLE_KEYS:
            before = set(ProcessingRecord.objects.values_list("pk", flat=True))
            response = self.request(sign_in(Client(), world.user(key)), url)
            assert response.status_code == 403, f"{key} got {response.status_code}"
            assert not self._new_records(before).exists(), f"{key} left a record"

    def test_staff_with_a_newcomer_session_are_refused(self, world: World) -> None:
        url = self.url(world)
        assert world.person_a is not None
        client = newcomer_client(world.person_a)
        sign_in(client, world.user("klantmanager_a"))
        assert self.request(client, url).status_code == 403

    def test_the_newcomer_sees_their_own_data_with_one_record(self, world: World) -> None:
        url = self.url(world)
        person = world.person_a
        assert person is not None and world.person_b is not None
        before = set(ProcessingRecord.objects.values_list("pk", flat=True))
        response = self.request(newcomer_client(person), url)
        assert response.status_code == self.success_status
        new = self._new_records(before)
        assert new.count() == 1
        record = new.get()
        assert record.actor is None
        assert record.gebruiker == f"betrokkene:{person.log_ref}"
        assert record.gebruiker.startswith("betrokkene:")
        assert person.bsn not in record.gebruiker
        assert set(record.data_categories) == set(self.expected_categories)
        assert logged_person_ids(record) == {person.pk}
        if response.get("Content-Type", "").startswith(("text/html", "application/json")):
            assert world.person_b.family_name not in response.content.decode()

    def test_another_newcomer_never_sees_this_one(self, world: World) -> None:
        url = self.url(world)
        person = world.person_a
        other = world.person_b
        assert person is not None and other is not None
        before = set(ProcessingRecord.objects.values_list("pk", flat=True))
        response = self.request(newcomer_client(other), url)
        assert response.status_code in {200, 302, 404}
        if response.get("Content-Type", "").startswith(("text/html", "application/json")):
            body = response.content.decode()
            assert person.family_name not in body
            assert person.bsn not in body
            assert str(person.public_id) not in body
        logged = set(self._new_records(before).values_list("persons__person_ref", flat=True))
        assert person.log_ref not in logged


class TestHome(NewcomerPageMixin):
    name = "portal:home"
    expected_categories = ("identity", "trajectory", "contact_moments")


class TestPlan(NewcomerPageMixin):
    name = "portal:plan"
    expected_categories = ("identity", "trajectory")


class TestAgenda(NewcomerPageMixin):
    name = "portal:agenda"
    expected_categories = ("trajectory", "work", "contact_moments")


class TestAgendaLink(NewcomerPageMixin):
    name = "portal:agenda_link"
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302


class TestAbsence(NewcomerPageMixin):
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        group = portal_world(world)
        return reverse("portal:absence", args=[group.sessions.order_by("number")[0].pk])


class TestAbsenceSend(TestAbsence):
    method = "post"
    success_status = 302

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"reason": "Ik ben ziek"})


class TestProgress(NewcomerPageMixin):
    name = "portal:progress"
    expected_categories = ("trajectory", "language")


class TestPeople(NewcomerPageMixin):
    name = "portal:people"
    expected_categories = ("trajectory",)


class TestData(NewcomerPageMixin):
    name = "portal:data"
    expected_categories = ("identity", "contact", "address", "language", "trajectory")


_EXPORT = ("identity", "bsn", "contact", "address", "household", "language", "trajectory", "work")


class TestDataJson(NewcomerPageMixin):
    name = "portal:data_json"
    expected_categories = _EXPORT


class TestDataPdf(NewcomerPageMixin):
    name = "portal:data_pdf"
    expected_categories = _EXPORT


def test_another_newcomers_session_is_not_found(world: World) -> None:
    group = portal_world(world)
    assert world.person_b is not None
    session = group.sessions.order_by("number")[0]
    client = newcomer_client(world.person_b)
    url = reverse("portal:absence", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not session.attendance.exists()


def test_a_newcomer_session_never_reaches_staff_pages(world: World) -> None:
    assert world.person_a is not None
    client = newcomer_client(world.person_a)
    for url in (
        reverse("persons:caseload"),
        reverse("persons:detail", args=[world.person_a.public_id]),
        reverse("programmes:groups"),
        reverse("audit:search"),
        reverse("portal:staff_link", args=[world.person_a.public_id]),
        "/api/v1/persons/",
    ):
        response = client.get(url)
        assert response.status_code in {302, 401, 403}, url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url


class TestStaffLinkPage(PersonalDataAccessMixin):
    """The klantmanager's page that makes a one-time sign-in link."""

    allowed_roles = ("klantmanager_a",)
    expected_categories: tuple[str, ...] = ("identity", "contact")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        return reverse("portal:staff_link", args=[world.person_a.public_id])


class TestStaffLinkMake(TestStaffLinkPage):
    """Making the link: the service's one record."""

    expected_categories = ("identity",)
    method = "post"

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {})


class ElearningPageMixin(NewcomerPageMixin):
    expected_categories = ("trajectory",)

    def url(self, world: World) -> str:
        from spil.elearning.tests.support import elearning_world  # e-learning test set-up

        elearning_world(world)
        return self.elearning_url()

    def elearning_url(self) -> str:
        return reverse("portal:elearning")


class TestElearning(ElearningPageMixin):
    pass


class TestElearningPage(ElearningPageMixin):
    def elearning_url(self) -> str:
        return reverse("portal:elearning_page", args=["werk-vinden", 1])


class TestElearningPageAnswer(TestElearningPage):
    method = "post"
    success_status = 302


class TestElearningAsk(ElearningPageMixin):
    def elearning_url(self) -> str:
        return reverse("portal:elearning_ask", args=["werk-vinden", 2])


class TestElearningAskSend(TestElearningAsk):
    method = "post"
    success_status = 302

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"question": "Wat is een uitzendbureau?"})

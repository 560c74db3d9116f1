"""Every partner URL: who may open it, and that each opening leaves one processing record.

The Taalschool (users `partner_staff` and `trainer`) is contracted for person A only; every
other role, and every other organisation, gets nothing of A.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.partners.tests.support import contract_school_for_person_a
from spil.testing import PersonalDataAccessMixin, World, sign_in

pytestmark = pytest.mark.django_db


class TestPersonAccessPage(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)

    def url(self, world: World) -> str:
        assert world.person_a is not None
        contract_school_for_person_a(world)
        return reverse("partners:person_access", args=[world.person_a.public_id])


class TestPersonAccessEnd(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = ("identity",)
    method = "post"
    success_status = 302
    basis_pk = 0

    def url(self, world: World) -> str:
        assert world.person_a is not None
        self.basis_pk = contract_school_for_person_a(world).pk
        return reverse("partners:person_access", args=[world.person_a.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"do": "end", "basis": str(self.basis_pk)})


class TestParticipantsList(PersonalDataAccessMixin):
    allowed_roles = ("partner_staff", "trainer")
    expected_categories = ("identity",)
    list_endpoint = True

    def url(self, world: World) -> str:
        contract_school_for_person_a(world)
        return reverse("partners:participants")


class TestParticipantPage(PersonalDataAccessMixin):
    allowed_roles = ("partner_staff", "trainer")
    expected_categories = ("identity", "contact", "trajectory", "language")

    def url(self, world: World) -> str:
        assert world.person_a is not None
        contract_school_for_person_a(world)
        return reverse("partners:participant", args=[world.person_a.public_id])


def test_the_partner_sees_person_a_and_never_person_b(world: World) -> None:
    assert world.person_a is not None and world.person_b is not None
    contract_school_for_person_a(world)
    client = sign_in(Client(), world.user("partner_staff"))
    listing = client.get(reverse("partners:participants")).content.decode()
    assert "Testpersoon" in listing
    assert "Anderpersoon" not in listing
    page = client.get(reverse("partners:participant", args=[world.person_b.public_id]))
    assert page.status_code == 404


def test_the_bsn_and_the_health_are_never_on_the_partner_page(world: World) -> None:
    assert world.person_a is not None
    contract_school_for_person_a(world)
    html = (
        sign_in(Client(), world.user("partner_staff"))
        .get(reverse("partners:participant", args=[world.person_a.public_id]))
        .content.decode()
    )
    assert world.person_a.bsn not in html
    assert "Testpersoon" in html


def test_a_withdrawn_consent_closes_the_person_on_the_next_request(world: World) -> None:
    from spil.accounts.models import Organisation

    assert world.person_a is not None
    from spil.persons import services

    welzijn = Organisation.objects.get(name="Welzijn")
    consent = services.record_consent(
        world.person_a,
        welzijn,
        purpose="ervaringsdeskundige_begeleiding",
        categories=["identity", "contact"],
        given_how="interpreter",
        actor=world.user("klantmanager_a"),
    )
    client = sign_in(Client(), world.user("buddy"))
    url = reverse("partners:participant", args=[world.person_a.public_id])
    assert client.get(url).status_code == 200
    services.withdraw_basis(consent, actor=world.user("klantmanager_a"))
    before = ProcessingRecord.objects.count()
    assert client.get(url).status_code == 404
    assert ProcessingRecord.objects.count() == before


def test_an_expired_agreement_closes_every_person_under_it(world: World, clock: Any) -> None:
    from datetime import date

    assert world.person_a is not None
    contract_school_for_person_a(world, ends_on=date(2026, 12, 31))
    client = sign_in(Client(), world.user("partner_staff"))
    url = reverse("partners:participant", args=[world.person_a.public_id])
    assert client.get(url).status_code == 200
    clock.move_to("2027-01-04 10:00+01:00")
    client = sign_in(Client(), world.user("partner_staff"))  # a new working day, a new session
    assert client.get(url).status_code == 404
    assert "Testpersoon" not in client.get(reverse("partners:participants")).content.decode()


def test_the_partner_sees_only_the_categories_of_its_basis(world: World) -> None:
    from spil.accounts.models import Organisation
    from spil.persons import services

    assert world.person_a is not None
    world.person_a.phone = "0612345678"
    world.person_a.save()
    services.record_consent(
        world.person_a,
        Organisation.objects.get(name="Welzijn"),
        purpose="ervaringsdeskundige_begeleiding",
        categories=["identity"],
        given_how="paper",
        actor=world.user("klantmanager_a"),
    )
    html = (
        sign_in(Client(), world.user("buddy"))
        .get(reverse("partners:participant", args=[world.person_a.public_id]))
        .content.decode()
    )
    assert "Testpersoon" in html
    assert "0612345678" not in html

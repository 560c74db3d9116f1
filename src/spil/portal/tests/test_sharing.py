"""The newcomer sees who may see their data and why, agrees to or refuses what the
klantmanager asked, and stops sharing; the partner's access follows on its next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spil.accounts.models import Organisation
from spil.audit.models import ProcessingRecord
from spil.partners.tests.support import contract_school_for_person_a
from spil.persons import services
from spil.persons.models import AccessBasis
from spil.portal.tests.support import newcomer_client, portal_world
from spil.portal.tests.test_personal_data_access import NewcomerPageMixin
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def ask_welzijn(world: World) -> AccessBasis:
    assert world.person_a is not None
    return services.request_consent(
        world.person_a,
        Organisation.objects.get(name="Welzijn"),
        purpose="ervaringsdeskundige_begeleiding",
        categories=["identity", "contact"],
        actor=world.user("klantmanager_a"),
    )


class TestConsentAnswer(NewcomerPageMixin):
    """Answering is a change of the newcomer's own data, recorded with them as actor."""

    expected_categories = ("identity",)
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        portal_world(world)
        return reverse("portal:consent", args=[ask_welzijn(world).pk])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"answer": "agree"})


def test_the_data_page_says_who_may_see_what_in_arabic(world: World) -> None:
    assert world.person_a is not None
    portal_world(world)  # Arabic is the person's language
    contract_school_for_person_a(world)
    ask_welzijn(world)
    html = newcomer_client(world.person_a).get(reverse("portal:data")).content.decode()
    assert "Taalschool" in html
    assert "تستعين بها بلديتك" in html  # hired by your municipality
    assert "Welzijn" in html and "نعم، أوافق" in html  # asked, with the yes button


def test_agreeing_opens_and_stopping_closes_the_partners_access(world: World) -> None:
    assert world.person_a is not None
    basis = ask_welzijn(world)
    buddy = sign_in(Client(), world.user("buddy"))
    page = reverse("partners:participant", args=[world.person_a.public_id])
    assert buddy.get(page).status_code == 404  # asked is not given
    newcomer = newcomer_client(world.person_a)
    answer = newcomer.post(reverse("portal:consent", args=[basis.pk]), {"answer": "agree"})
    assert answer.status_code == 302
    assert "شكرًا" in newcomer.get(answer["Location"]).content.decode() or "Dank u" in (
        newcomer.get(answer["Location"]).content.decode()
    )
    assert buddy.get(page).status_code == 200
    newcomer.post(reverse("portal:consent", args=[basis.pk]), {"answer": "stop"})
    assert buddy.get(page).status_code == 404
    basis.refresh_from_db()
    assert basis.withdrawn_by_newcomer
    record = ProcessingRecord.objects.filter(actie_naam="Consent withdrawn").get()
    assert record.gebruiker == f"betrokkene:{world.person_a.log_ref}"


def test_a_newcomer_cannot_stop_a_contract_nor_touch_anothers_basis(world: World) -> None:
    assert world.person_a is not None and world.person_b is not None
    contracted = contract_school_for_person_a(world)
    own = newcomer_client(world.person_a)
    refused = own.post(reverse("portal:consent", args=[contracted.pk]), {"answer": "stop"})
    assert refused.status_code == 400
    other = newcomer_client(world.person_b)
    response = other.post(
        reverse("portal:consent", args=[ask_welzijn(world).pk]), {"answer": "agree"}
    )
    assert response.status_code == 404
    contracted.refresh_from_db()
    assert contracted.withdrawn_at is None

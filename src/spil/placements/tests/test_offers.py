"""Employers and offers: kept by the account manager, proposed by an employer contact, found
through the ESCO occupation search; scoped per role (no newcomer data on these pages)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spil.audit.models import ProcessingRecord
from spil.placements.models import EmployerLocation, OfferStatus, PlacementOffer
from spil.placements.tests.support import KOK, employer_of, location, offer
from spil.testing import ALL_ROLE_KEYS, World, sign_in

pytestmark = pytest.mark.django_db

READERS = {"klantmanager_a", "klantmanager_b", "jobcoach", "accountmanager", "employer_contact"}


def _form(world: World, **extra: object) -> dict[str, object]:
    employer = employer_of(world)
    data: dict[str, object] = {
        "employer": employer.pk,
        "location": location(employer).pk,
        "title": "Leerwerkplek keuken",
        "type": "leerwerkplek",
        "esco_uri": KOK,
        "sector": "Horeca",
        "hours_per_week": 16,
        "dayparts": ["0", "3"],
        "required_speaking": 2,
        "required_listening": 2,
        "support_buddy": "on",
        "places": 2,
    }
    data.update(extra)
    return data


def test_offer_pages_by_role(world: World) -> None:
    open_offer = offer(employer_of(world))
    for key in ALL_ROLE_KEYS:
        client = sign_in(Client(), world.user(key))
        listing = client.get(reverse("placements:offers"))
        detail = client.get(reverse("placements:offer_detail", args=[open_offer.public_id]))
        if key in READERS:
            assert listing.status_code == 200 and open_offer.title in listing.content.decode()
            assert detail.status_code == 200, key
        else:
            assert listing.status_code == 403, key
            assert detail.status_code == 404, key
    assert not ProcessingRecord.objects.exists()


def test_occupation_search_then_save_as_accountmanager(world: World) -> None:
    client = sign_in(Client(), world.user("accountmanager"))
    url = reverse("placements:offer_new")
    assert client.get(url).status_code == 200
    found = client.post(
        url, {**_form(world), "esco_uri": "", "occupation_query": "kok", "search": "1"}
    )
    assert found.status_code == 200
    assert KOK in found.content.decode()
    saved = client.post(url, _form(world))
    assert saved.status_code == 302
    created = PlacementOffer.objects.get()
    assert (created.status, created.isco_code, created.dayparts) == (
        OfferStatus.OPEN,
        "5120",
        [0, 3],
    )


def test_employer_contact_proposes_for_own_employer_only(world: World) -> None:
    client = sign_in(Client(), world.user("employer_contact"))
    response = client.post(reverse("placements:offer_new"), _form(world))
    assert response.status_code == 302
    proposed = PlacementOffer.objects.get()
    assert proposed.status == OfferStatus.PROPOSED
    assert proposed.proposed_by == world.user("employer_contact")
    # not yet matchable; the account manager opens it
    manager = sign_in(Client(), world.user("accountmanager"))
    manager.post(reverse("placements:offer_status", args=[proposed.public_id]), {"status": "open"})
    proposed.refresh_from_db()
    assert proposed.status == OfferStatus.OPEN
    # once open, the employer can no longer change it
    edit = client.get(reverse("placements:offer_edit", args=[proposed.public_id]))
    assert edit.status_code == 403
    # another employer's offer is invisible
    from spil.accounts.models import Organisation

    other = Organisation.objects.create(name="Ander BV", type="werkgever")
    theirs = offer(other)
    assert (
        client.get(reverse("placements:offer_detail", args=[theirs.public_id])).status_code == 404
    )


def test_status_change_is_for_accountmanagers(world: World) -> None:
    the_offer = offer(employer_of(world))
    url = reverse("placements:offer_status", args=[the_offer.public_id])
    for key in ("jobcoach", "employer_contact", "klantmanager_a"):
        assert sign_in(Client(), world.user(key)).post(url, {"status": "closed"}).status_code == 403


def test_employer_locations(world: World) -> None:
    employer = employer_of(world)
    url = reverse("placements:employer_detail", args=[employer.pk])
    contact = sign_in(Client(), world.user("employer_contact"))
    page = contact.get(url)
    assert page.status_code == 200 and "employer_contact" in page.content.decode()
    response = contact.post(url, {"name": "Filiaal", "postcode": "4201 ab", "city": "Gorinchem"})
    assert response.status_code == 302
    assert EmployerLocation.objects.get().postcode == "4201 AB"
    jobcoach = sign_in(Client(), world.user("jobcoach"))
    assert jobcoach.get(url).status_code == 200
    assert jobcoach.post(url, {"name": "X", "postcode": "4201"}).status_code == 403
    assert sign_in(Client(), world.user("buddy")).get(url).status_code == 404
    assert (
        sign_in(Client(), world.user("buddy")).get(reverse("placements:employers")).status_code
        == 403
    )


def test_offers_api_is_scoped(world: World) -> None:
    mine = offer(employer_of(world))
    from spil.accounts.models import Organisation

    theirs = offer(Organisation.objects.create(name="Ander BV", type="werkgever"))
    url = reverse("placement-offer-list")
    contact = sign_in(Client(), world.user("employer_contact")).get(url).json()
    assert {o["id"] for o in contact["results"]} == {str(mine.public_id)}
    manager = sign_in(Client(), world.user("accountmanager")).get(url).json()
    assert {o["id"] for o in manager["results"]} == {str(mine.public_id), str(theirs.public_id)}
    assert sign_in(Client(), world.user("buddy")).get(url).status_code == 403
    assert not ProcessingRecord.objects.exists()

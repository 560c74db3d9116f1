"""Signing in to the portal: DigiD (through the mock) matched on BSN to exactly one person,
and the klantmanager's one-time link (short-lived, single use)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.audit.models import ProcessingRecord
from spil.portal import services
from spil.portal.models import SignInLink
from spil.portal.session import PERSON_KEY
from spil.portal.tests.support import newcomer_client, portal_world
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _digid(client: Client, bsn: str) -> object:
    start = client.post(reverse("portal:digid_start"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("digid_mock:login"))
    page = client.get(start["Location"])
    assert page.status_code == 200
    back = client.post(start["Location"], {"bsn": bsn, "next": page.context["next"]})
    assert back.status_code == 302
    return client.get(back["Location"])


def test_digid_signs_in_the_person_with_that_bsn(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    client = Client()
    response = _digid(client, world.person_a.bsn)
    assert response["Location"] == reverse("portal:home")  # type: ignore[index]
    assert client.session[PERSON_KEY] == world.person_a.pk
    record = ProcessingRecord.objects.filter(actie_naam="Portal sign-in (DigiD)").get()
    assert record.gebruiker == f"betrokkene:{world.person_a.log_ref}"
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert 'lang="ar" dir="rtl"' in home.content.decode()  # the person's own language


def test_digid_for_an_unknown_bsn_signs_nobody_in(world: World) -> None:
    client = Client()
    response = _digid(client, "999990081")
    assert response["Location"] == f"{reverse('portal:sign_in')}?error=not_found"  # type: ignore[index]
    assert PERSON_KEY not in client.session


def test_the_mock_refuses_a_number_that_is_no_bsn(world: World) -> None:
    client = Client()
    response = client.post(reverse("digid_mock:login"), {"bsn": "123456789"})
    assert response.status_code == 200
    assert "geen geldig BSN" in response.content.decode()


def test_signing_in_as_newcomer_ends_a_staff_session(world: World) -> None:
    assert world.person_a is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    _digid(client, world.person_a.bsn)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("persons:caseload")).status_code == 302


def test_the_link_works_once(world: World) -> None:
    assert world.person_a is not None
    token = services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_a"))
    url = reverse("portal:link", args=[token])
    client = Client()
    assert client.get(url).status_code == 200  # a confirmation page: a mail scanner uses nothing
    assert SignInLink.objects.get().used_at is None
    assert client.post(url)["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    again = Client().post(url)
    assert again.status_code == 410
    assert PERSON_KEY not in again.wsgi_request.session


def test_the_link_expires(world: World, clock: time_machine.TimeMachineFixture) -> None:
    assert world.person_a is not None
    token = services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_a"))
    clock.move_to(timezone.now() + services.link_lifetime() + timedelta(seconds=1))
    assert Client().post(reverse("portal:link", args=[token])).status_code == 410


def test_a_new_link_stops_the_previous_one(world: World) -> None:
    assert world.person_a is not None
    first = services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_a"))
    services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_a"))
    assert Client().post(reverse("portal:link", args=[first])).status_code == 410


def test_only_the_token_hash_is_stored(world: World) -> None:
    assert world.person_a is not None
    token = services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_a"))
    assert not SignInLink.objects.filter(token_hash=token).exists()


def test_only_the_klantmanager_issues_a_link(world: World) -> None:
    assert world.person_a is not None
    with pytest.raises(services.NotAllowedError):
        services.issue_sign_in_link(world.person_a, actor=world.user("klantmanager_b"))


def test_the_klantmanager_shows_a_qr_code_and_emails_the_link(world: World) -> None:
    assert world.person_a is not None
    world.person_a.email = "amal@example.org"
    world.person_a.preferred_language = "tir"
    world.person_a.save()
    client = sign_in(Client(), world.user("klantmanager_a"))
    detail = client.get(reverse("persons:detail", args=[world.person_a.public_id]))
    assert reverse("portal:staff_link", args=[world.person_a.public_id]) in detail.content.decode()
    response = client.post(
        reverse("portal:staff_link", args=[world.person_a.public_id]), {"email": "on"}
    )
    body = response.content.decode()
    assert "data:image/svg+xml;base64," in body
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amal@example.org"]
    link = body.split('href="http://testserver/mijn/inloggen/link/')[1].split('"')[0]
    link = f"http://testserver/mijn/inloggen/link/{link}"
    assert link in message.body
    assert "ሊንክ" in message.body  # in Tigrinya
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.redeem_sign_in_link(token) == world.person_a


def test_the_language_switch_goes_to_dutch_and_back(world: World) -> None:
    portal_world(world)
    assert world.person_a is not None
    client = newcomer_client(world.person_a)
    client.session  # noqa: B018 - the session exists
    home = reverse("portal:home")
    assert 'lang="ar"' in client.get(home).content.decode()
    client.post(reverse("portal:language"), {"language": "nl", "next": home})
    page = client.get(home).content.decode()
    assert 'lang="nl"' in page
    assert "Wat gebeurt er nu?" in page
    assert 'value="ar"' in page  # the way back to their own language
    client.post(reverse("portal:language"), {"language": "ar", "next": "https://evil.example/"})
    assert 'lang="ar"' in client.get(home).content.decode()


def test_sign_out_ends_the_newcomer_session(world: World) -> None:
    assert world.person_a is not None
    client = newcomer_client(world.person_a)
    client.post(reverse("portal:sign_out"))
    assert client.get(reverse("portal:home")).status_code == 302

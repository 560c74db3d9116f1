"""Enrolling an authenticator needs a single-use code that the functioneel beheerder
issued: a first authenticator, and a new one after a loss (which replaces the old)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.models import EnrolmentInvitation, User
from spil.accounts.roles import Role
from spil.accounts.tests.test_sign_in import PASSWORD, code_for
from spil.testing import World, make_user, sign_in

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _issue(world: World, user: User) -> str:
    beheerder = sign_in(Client(), world.user("functioneel_beheerder"))
    page = beheerder.get(reverse("accounts:organisations")).content.decode()
    url = reverse("accounts:issue_enrolment_invitation", args=[user.pk])
    assert url in page
    response = beheerder.post(url)
    assert response.status_code == 200
    found = CODE.search(response.content.decode())
    assert found is not None
    return found.group(0)


def _password_sign_in(user: User) -> Client:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return client


def test_a_new_user_enrols_with_the_code_from_the_beheerder(world: World) -> None:
    new = make_user("nieuw", world.gemeente_a, Role.KLANTMANAGER, totp=False)
    code = _issue(world, new)
    invitation = EnrolmentInvitation.objects.get(user=new)
    assert code not in invitation.code_hash and len(invitation.code_hash) == 64
    assert invitation.issued_by == world.user("functioneel_beheerder")

    client = _password_sign_in(new)
    wrong = client.post(reverse("accounts:setup"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "<svg" not in wrong.content.decode()
    assert "niet juist" in wrong.content.decode()
    accepted = client.post(reverse("accounts:setup"), {"code": code.lower()}, follow=True)
    assert "<svg" in accepted.content.decode()
    device = TOTPDevice.objects.get(user=new, confirmed=False)
    done = client.post(reverse("accounts:setup"), {"token": code_for(device)})
    assert done.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is not None

    # Used once: another browser with the password cannot enrol with it again.
    other = _password_sign_in(new)
    again = other.post(reverse("accounts:setup"), {"code": code})
    assert "<svg" not in again.content.decode()


def test_the_code_expires(world: World, clock: time_machine.TimeMachineFixture) -> None:
    new = make_user("nieuw", world.gemeente_a, Role.KLANTMANAGER, totp=False)
    code = _issue(world, new)
    clock.move_to(timezone.now() + timedelta(hours=73))
    client = _password_sign_in(new)
    response = client.post(reverse("accounts:setup"), {"code": code})
    assert "<svg" not in response.content.decode()


def test_a_new_code_revokes_the_earlier_one(world: World) -> None:
    new = make_user("nieuw", world.gemeente_a, Role.KLANTMANAGER, totp=False)
    first = _issue(world, new)
    second = _issue(world, new)
    client = _password_sign_in(new)
    assert "<svg" not in client.post(reverse("accounts:setup"), {"code": first}).content.decode()
    assert (
        "<svg"
        in client.post(reverse("accounts:setup"), {"code": second}, follow=True).content.decode()
    )


def test_a_lost_authenticator_is_replaced_with_a_new_code(world: World) -> None:
    km = world.user("klantmanager_a")
    old = TOTPDevice.objects.get(user=km, confirmed=True)
    client = _password_sign_in(km)
    # Without a code, the password alone cannot replace the authenticator.
    refused = client.post(reverse("accounts:setup"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "<svg" not in refused.content.decode()
    code = _issue(world, km)
    client.post(reverse("accounts:setup"), {"code": code}, follow=True)
    device = TOTPDevice.objects.get(user=km, confirmed=False)
    assert client.post(reverse("accounts:setup"), {"token": code_for(device)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=km)) == [device]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_only_a_beheerder_of_the_users_organisation_issues_codes(world: World) -> None:
    target = world.user("klantmanager_b")
    url = reverse("accounts:issue_enrolment_invitation", args=[target.pk])
    km = sign_in(Client(), world.user("klantmanager_a"))
    assert km.post(url).status_code == 403
    beheerder = world.user("functioneel_beheerder")
    own = sign_in(Client(), beheerder)
    assert own.get(url).status_code == 405
    self_url = reverse("accounts:issue_enrolment_invitation", args=[beheerder.pk])
    assert own.post(self_url).status_code == 403
    assert not EnrolmentInvitation.objects.filter(user=beheerder).exists()

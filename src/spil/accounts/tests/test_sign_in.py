from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType, Role
from spil.testing import make_user

PASSWORD = "correct horse battery 1"


@pytest.fixture
def gemeente(db: None) -> Organisation:
    return Organisation.objects.create(name="Gemeente Test", type=OrganisationType.GEMEENTE)


def code_for(device: TOTPDevice, step_offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + step_offset * device.step
    return f"{totp.token():06d}"


def test_password_then_code_reaches_start_page(gemeente: Organisation, client: Client) -> None:
    user = make_user("km", gemeente, Role.KLANTMANAGER)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:login"), {"username": "km", "password": PASSWORD})
    assert response.status_code == 302
    # Signed in with the password only, every page leads to the second step.
    home = client.get(reverse("web:home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:verify"))
    wrong = client.post(reverse("accounts:verify"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "niet juist" in wrong.content.decode() or "not correct" in wrong.content.decode()
    # After wrong codes django-otp throttles (the wait doubles with each failure): even the
    # right code is refused. Several failures make the wait long enough for a slow machine.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_count = 6
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    throttled = client.post(reverse("accounts:verify"), {"token": code_for(device)})
    assert throttled.status_code == 200
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(hours=1)
    device.save()
    right = client.post(reverse("accounts:verify"), {"token": code_for(device), "next": "/"})
    assert right.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_same_code_cannot_be_used_twice(gemeente: Organisation) -> None:
    user = make_user("km", gemeente, Role.KLANTMANAGER)
    device = TOTPDevice.objects.get(user=user)
    code = code_for(device)
    first, second = Client(), Client()
    for c in (first, second):
        c.post(reverse("accounts:login"), {"username": "km", "password": PASSWORD})
    assert first.post(reverse("accounts:verify"), {"token": code}).status_code == 302
    assert second.post(reverse("accounts:verify"), {"token": code}).status_code == 200
    assert second.get(reverse("web:home")).status_code == 302


def test_user_without_device_cannot_enrol_without_an_invitation(
    gemeente: Organisation, client: Client
) -> None:
    """No trust on first use: the password alone does not let anyone enrol an authenticator
    (the full enrolment with a code: test_enrolment.py)."""
    make_user("new", gemeente, Role.TRAINER, totp=False)
    client.post(reverse("accounts:login"), {"username": "new", "password": PASSWORD})
    response = client.get(reverse("web:home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:setup"))
    content = response.content.decode()
    assert "<svg" not in content  # no QR code, no secret
    assert "functioneel beheerder" in content
    assert not TOTPDevice.objects.filter(user__username="new").exists()
    assert client.get(reverse("web:home")).status_code == 302


def test_lockout_after_repeated_failures(gemeente: Organisation, client: Client) -> None:
    make_user("km", gemeente, Role.KLANTMANAGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "km", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "km", "password": PASSWORD})
    assert locked.status_code == 429
    assert "locked" in locked.content.decode() or "geblokkeerd" in locked.content.decode()


def test_api_refuses_session_without_second_factor(gemeente: Organisation, client: Client) -> None:
    make_user("km", gemeente, Role.KLANTMANAGER)
    client.post(reverse("accounts:login"), {"username": "km", "password": PASSWORD})
    assert client.get("/api/v1/persons/").status_code == 403


def test_logout_is_post_only(gemeente: Organisation, client: Client) -> None:
    make_user("km", gemeente, Role.KLANTMANAGER)
    client.post(reverse("accounts:login"), {"username": "km", "password": PASSWORD})
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_security_settings() -> None:
    from spil.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert Argon2PasswordHasher().encode("secret", "saltsaltsalt").startswith("argon2$")
    assert base.SESSION_COOKIE_AGE <= 60 * 60 and base.SPIL_SESSION_RENEW_SECONDS <= 60
    assert "spil.accounts.middleware.RequireTwoFactorMiddleware" in base.MIDDLEWARE


def test_membership_role_must_fit_organisation_type(gemeente: Organisation) -> None:
    from django.core.exceptions import ValidationError

    from spil.accounts.models import Membership, User

    employer = Organisation.objects.create(name="BV", type=OrganisationType.WERKGEVER)
    user = User.objects.create_user("x", password=PASSWORD)
    with pytest.raises(ValidationError):
        Membership(user=user, organisation=employer, role=Role.KLANTMANAGER).full_clean()
    Membership(user=user, organisation=gemeente, role=Role.KLANTMANAGER).full_clean()

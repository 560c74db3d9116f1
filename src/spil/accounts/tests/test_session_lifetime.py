"""A session ends a fixed time after sign-in however busy it is, and the session key
changes at every step up in privilege (password, then the second factor)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.tests.test_sign_in import PASSWORD, code_for
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_a_busy_session_still_ends_after_its_absolute_lifetime(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    home = reverse("web:home")
    start = timezone.now()
    lifetime = timedelta(seconds=settings.SPIL_SESSION_ABSOLUTE_SECONDS)
    assert lifetime == timedelta(hours=10)
    moment = start
    # A page every 20 minutes: the idle timeout never strikes.
    while moment + timedelta(minutes=20) < start + lifetime:
        moment += timedelta(minutes=20)
        clock.move_to(moment)
        assert client.get(home).status_code == 200, moment
    clock.move_to(start + lifetime + timedelta(minutes=1))
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # Signing in again starts a new lifetime.
    sign_in(client, world.user("klantmanager_a"))
    assert client.get(home).status_code == 200


def _session_writes(queries: CaptureQueriesContext) -> int:
    writes = ("UPDATE", "INSERT")
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().startswith(writes)
    )


def test_pages_renew_the_idle_timeout_with_one_save_a_minute(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    home = reverse("web:home")
    start = timezone.now()
    assert client.get(home).status_code == 200
    # Three more pages within the minute: the session is not written again.
    with CaptureQueriesContext(connection) as queries:
        for seconds in (10, 20, 30):
            clock.move_to(start + timedelta(seconds=seconds))
            assert client.get(home).status_code == 200
    assert _session_writes(queries) == 0
    # After a minute the next page renews it: one write, which moves the expiry.
    clock.move_to(start + timedelta(seconds=settings.SPIL_SESSION_RENEW_SECONDS + 5))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    assert _session_writes(queries) == 1
    # So half an hour after *that* page, not after the first, the session still holds...
    renewed = timezone.now()
    clock.move_to(renewed + timedelta(seconds=settings.SESSION_COOKIE_AGE - 30))
    assert client.get(home).status_code == 200
    # ... and a quiet half hour after the last renewal ends it.
    clock.move_to(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_portal_session_ends_after_the_same_lifetime(
    world: World, clock: time_machine.TimeMachineFixture
) -> None:
    from spil.portal.tests.support import portal_world

    portal_world(world)
    assert world.person_a is not None
    client = Client()
    client.post(reverse("portal:digid_start"))
    mock = client.post(
        reverse("digid_mock:login"), {"bsn": world.person_a.bsn, "next": ""}, follow=True
    )
    assert mock.status_code == 200
    assert client.get(reverse("portal:home")).status_code == 200
    clock.move_to(timezone.now() + timedelta(seconds=settings.SPIL_SESSION_ABSOLUTE_SECONDS + 60))
    assert client.get(reverse("portal:home")).status_code == 302


def test_the_session_key_changes_at_sign_in_and_at_the_second_factor(world: World) -> None:
    user = world.user("klantmanager_a")
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    session = client.session
    session["seen"] = True  # an anonymous session, as a fixating attacker would plant
    session.save()
    anonymous_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    password_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert password_key != anonymous_key
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert client.post(reverse("accounts:verify"), {"token": code_for(device)}).status_code == 302
    verified_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert verified_key != password_key
    # The key from before the second factor no longer opens anything.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = password_key
    assert stale.get(reverse("web:home")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 200

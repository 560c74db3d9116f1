from __future__ import annotations

import pytest
from stdnum.nl import bsn as stdnum_bsn

from spil.accounts.models import Membership, User
from spil.accounts.roles import Role
from spil.persons.models import Person
from spil_dev.demo.data import USERS, load_demo_data
from spil_dev.demo.totp import current_demo_code

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_covers_every_role() -> None:
    first = load_demo_data(persons_per_municipality=4)
    counts = (User.objects.count(), Membership.objects.count(), Person.objects.count())
    second = load_demo_data(persons_per_municipality=4)
    assert first["persons_created"] == 12
    assert second["persons_created"] == 0
    assert counts == (User.objects.count(), Membership.objects.count(), Person.objects.count())
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert len(USERS) == User.objects.count()


def test_demo_people_are_synthetic() -> None:
    load_demo_data(persons_per_municipality=4)
    for bsn in Person.objects.values_list("bsn", flat=True):
        assert bsn.startswith("999")
        assert stdnum_bsn.is_valid(bsn)


def test_demo_code_matches_the_demo_devices() -> None:
    load_demo_data(persons_per_municipality=1)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="km.gorinchem")
    assert device.verify_token(current_demo_code())

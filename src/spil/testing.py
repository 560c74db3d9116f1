"""Test support shared by every app: a small world of organisations, users per role and
persons, signing in with the second factor, and the personal-data access mixin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.nl import bsn as stdnum_bsn

from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.models import ProcessingRecord
from spil.audit.services import person_reference
from spil.persons.models import Person

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def morning_of(day: date, hour: int = 10) -> datetime:
    """A moment on `day` in Amsterdam, for `clock.move_to(...)` in tests."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def valid_bsns(start: int = 999_100_000, step: int = 1) -> Iterator[str]:
    """Synthetic BSNs from `start` upward that pass the 11-proef (python-stdnum). The 999
    range is for tests, so none of them belongs to a real person."""
    number = start
    while True:
        candidate = f"{number:09d}"
        if stdnum_bsn.is_valid(candidate):
            yield candidate
        number += step


_test_bsns = valid_bsns()


def next_test_bsn() -> str:
    """A valid test BSN no earlier call (in this process) returned; never one of TEST_BSNS."""
    return next(_test_bsns)


# Deterministic test BSNs (999 range, valid 11-proef).
TEST_PASSWORD = "correct horse battery 1"  # noqa: S105 - test-only credential
TEST_BSNS = ["999990019", "999990020", "999990032", "999990044", "999990056", "999990068"]


@dataclass
class World:
    gemeente_a: Organisation
    gemeente_b: Organisation
    regio: Organisation
    users: dict[str, User] = field(default_factory=dict)
    person_a: Person | None = None
    person_b: Person | None = None

    def user(self, key: str) -> User:
        return self.users[key]


def make_user(username: str, organisation: Organisation, role: str, *, totp: bool = True) -> User:
    user = User.objects.create_user(username=username, password=TEST_PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if totp:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def build_world() -> World:
    a = Organisation.objects.create(
        name="Gemeente Aadorp", type=OrganisationType.GEMEENTE, oin="00000001000000000001"
    )
    b = Organisation.objects.create(
        name="Gemeente Bedorp", type=OrganisationType.GEMEENTE, oin="00000001000000000002"
    )
    regio = Organisation.objects.create(name="Regio Test", type=OrganisationType.REGIO)
    regio.members.add(a, b)
    school = Organisation.objects.create(name="Taalschool", type=OrganisationType.TAALSCHOOL)
    employer = Organisation.objects.create(name="Werkgever BV", type=OrganisationType.WERKGEVER)
    welzijn = Organisation.objects.create(name="Welzijn", type=OrganisationType.WELZIJN)
    coach_org = Organisation.objects.create(name="Coaches", type=OrganisationType.REINTEGRATIE)
    world = World(gemeente_a=a, gemeente_b=b, regio=regio)
    specs: list[tuple[str, Organisation, str]] = [
        ("klantmanager_a", a, Role.KLANTMANAGER),
        ("klantmanager_b", b, Role.KLANTMANAGER),
        ("trainer", school, Role.TRAINER),
        ("jobcoach", coach_org, Role.JOBCOACH),
        ("accountmanager", a, Role.ACCOUNTMANAGER),
        ("partner_staff", school, Role.PARTNER_STAFF),
        ("employer_contact", employer, Role.EMPLOYER_CONTACT),
        ("buddy", welzijn, Role.BUDDY),
        ("beleidsmedewerker", regio, Role.BELEIDSMEDEWERKER),
        ("functioneel_beheerder", regio, Role.FUNCTIONEEL_BEHEERDER),
    ]
    for key, org, role in specs:
        world.users[key] = make_user(key, org, role)
    world.person_a = Person.objects.create(
        bsn=TEST_BSNS[0], given_names="Amal", family_name="Testpersoon", municipality=a
    )
    world.person_b = Person.objects.create(
        bsn=TEST_BSNS[1], given_names="Bilal", family_name="Anderpersoon", municipality=b
    )
    return world


def sign_in(client: Client, user: User) -> Client:
    """Signed in with the second factor passed, as after the real two-step sign-in."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


ALL_ROLE_KEYS = [
    "klantmanager_a",
    "klantmanager_b",
    "trainer",
    "jobcoach",
    "accountmanager",
    "partner_staff",
    "employer_contact",
    "buddy",
    "beleidsmedewerker",
    "functioneel_beheerder",
]


class PersonalDataAccessMixin:
    """Reusable checks for a page or API endpoint that shows a person's data.

    Subclasses set `allowed_roles` (keys of World.users), `expected_categories`, and
    implement `url(world)` (and `expected_person_ids(world)` when several persons show).
    Every role not allowed must get 403 or 404 and leave no processing record; an allowed
    role gets `success_status` (200) and exactly one processing record naming the persons
    and categories. Endpoints that write override `request` to send their data.
    """

    allowed_roles: tuple[str, ...] = ()
    expected_categories: tuple[str, ...] = ()
    method: str = "get"
    list_endpoint: bool = False
    success_status: int = 200

    def url(self, world: World) -> str:
        raise NotImplementedError

    def expected_person_ids(self, world: World) -> set[int]:
        assert world.person_a is not None
        return {world.person_a.pk}

    def request(self, client: Client, url: str) -> Any:
        call: Callable[..., Any] = getattr(client, self.method)
        return call(url)

    def test_roles_without_access_are_refused(self, world: World, client: Client) -> None:
        url = self.url(world)
        anonymous = self.request(client, url)
        assert anonymous.status_code in {302, 401, 403}, "anonymous must not get through"
        expected = self.expected_person_ids(world)
        hidden = Person.objects.filter(pk__in=expected)
        for key in ALL_ROLE_KEYS:
            if key in self.allowed_roles:
                continue
            before = set(ProcessingRecord.objects.values_list("pk", flat=True))
            response = self.request(sign_in(Client(), world.user(key)), url)
            if self.list_endpoint:
                # A list shows each role its own people: the hidden ones must not appear.
                assert response.status_code in {200, 403, 404}, f"{key}: {response.status_code}"
                body = response.content.decode()
                for person in hidden:
                    assert str(person.public_id) not in body, f"{key} saw {url}"
                    assert person.family_name not in body, f"{key} saw {url}"
            else:
                assert response.status_code in {403, 404}, f"{key} got {response.status_code}"
            new = ProcessingRecord.objects.exclude(pk__in=before)
            logged = set(new.values_list("persons__person_ref", flat=True))
            hidden_refs = {person_reference(pk) for pk in expected}
            assert not (logged & hidden_refs), f"{key} left a record about hidden persons"

    def categories_expected_for(self, key: str) -> set[str]:
        """The categories the record names for this role (override where roles differ)."""
        return set(self.expected_categories)

    def test_authorised_access_writes_one_processing_record(
        self, world: World, client: Client
    ) -> None:
        url = self.url(world)
        for key in self.allowed_roles:
            before = set(ProcessingRecord.objects.values_list("pk", flat=True))
            response = self.request(sign_in(Client(), world.user(key)), url)
            assert response.status_code == self.success_status, f"{key} got {response.status_code}"
            new = ProcessingRecord.objects.exclude(pk__in=before)
            assert new.count() == 1, f"{key}: expected one processing record, got {new.count()}"
            record = new.get()
            assert record.actor == world.user(key)
            assert set(record.data_categories) == self.categories_expected_for(key), key
            assert record.purpose_code and record.legal_ground
            assert {p.person_ref for p in record.persons.all()} == {
                person_reference(pk) for pk in self.expected_person_ids(world)
            }
            for processed in record.persons.all():
                assert processed.person_ref and processed.person_ref.isalnum()


def logged_person_ids(record: ProcessingRecord) -> set[int]:
    """The persons a processing record names, found back through their pseudonym (the log
    itself holds no person key)."""
    refs = record.persons.values_list("person_ref", flat=True)
    return set(Person.objects.filter(log_ref__in=refs).values_list("pk", flat=True))

"""The client manager as DUO's contactpersoon: sent after assigning or handing over a
person, against DUO's sandbox in-process (the client validates the request against DUO's
YAML, the sandbox validates what it receives)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from spil.accounts.models import User
from spil.accounts.roles import Role
from spil.dossier import tasks
from spil.duo.models import ContactpersoonKoppeling, ContactpersoonStatus, DuoCall
from spil.persons.models import Person
from spil.plans.tests.support import Duo, sandbox
from spil.testing import World, make_user, sign_in


def _contactable(user: User, first: str, last: str, phone: str = "") -> User:
    user.first_name, user.last_name = first, last
    user.email = f"{first.lower()}@aadorp.example"
    user.phone = phone
    user.save()
    return user


@pytest.fixture
def person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.regisseur = _contactable(
        world.user("klantmanager_a"), "Anna", "de Vries", "030 123 4567"
    )
    person.save()
    return person


@pytest.fixture
def colleague(world: World) -> User:
    return _contactable(
        make_user("km_collega", world.gemeente_a, Role.KLANTMANAGER), "Joost", "\u2019t Hart-Ali"
    )


@pytest.fixture
def client_a(world: World) -> Client:
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    return client


def _reassign(
    client: Client, person: Person, to: User, capture: Callable[..., Any]
) -> list[Callable[[], None]]:
    with capture(execute=False) as callbacks:
        response = client.post(
            reverse("persons:reassign", args=[person.public_id]), {"ra-regisseur": to.pk}
        )
    assert response.status_code == 302
    return list(callbacks)


def _run(callbacks: list[Callable[[], None]]) -> None:
    outer = len(connection.atomic_blocks)
    for callback in callbacks:
        callback()  # the task runs after the commit, outside any transaction
    assert len(connection.atomic_blocks) == outer


def test_assigning_a_client_manager_gives_duo_the_contactpersoon(
    world: World,
    client_a: Client,
    person: Person,
    colleague: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    world.gemeente_a.phone = "+31 30 999 0000"
    world.gemeente_a.save()
    duo: Duo = sandbox(monkeypatch, world.gemeente_a)
    duo.register(person)

    callbacks = _reassign(client_a, person, colleague, django_capture_on_commit_callbacks)
    assert duo.store.person(person.bsn).contactpersoon_id is None  # not inside the transaction
    _run(callbacks)

    linked = duo.store.person(person.bsn).contactpersoon_id
    assert linked is not None
    at_duo = duo.store.contactpersoon(linked)
    assert at_duo is not None
    assert (at_duo.naam, at_duo.email, at_duo.telefoonnummer) == (
        "Joost 't Hart-Ali",  # DUO's pattern has no right single quote
        "joost@aadorp.example",
        "+31 30 999 0000",  # the colleague has no number: the gemeente's general number
    )
    assert at_duo.gemeente_oin == world.gemeente_a.oin
    koppeling = ContactpersoonKoppeling.objects.get(person=person)
    assert koppeling.status == ContactpersoonStatus.SENT
    assert koppeling.contactpersoon is not None and koppeling.contactpersoon.duo_id == linked

    # The DUO page shows the contactpersoon last given to DUO.
    beheerder = sign_in(Client(), world.user("functioneel_beheerder"))
    beheerder.cookies["django_language"] = "en"
    page = beheerder.get(reverse("duo:status")).content.decode()
    assert "Contact persons given to DUO" in page
    assert "joost@aadorp.example" in page


def test_resending_or_switching_back_creates_no_second_contactpersoon(
    world: World,
    client_a: Client,
    person: Person,
    colleague: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    duo: Duo = sandbox(monkeypatch, world.gemeente_a)
    duo.register(person)
    colleague.phone = "06-12345678"
    colleague.save()
    anna = world.user("klantmanager_a")

    _run(_reassign(client_a, person, colleague, django_capture_on_commit_callbacks))
    joost_id = duo.store.person(person.bsn).contactpersoon_id
    assert tasks.send_contactpersoon_task.delay(person.pk).get() == "unchanged"

    _run(_reassign(client_a, person, anna, django_capture_on_commit_callbacks))
    anna_id = duo.store.person(person.bsn).contactpersoon_id
    assert anna_id not in (None, joost_id)

    _run(_reassign(client_a, person, colleague, django_capture_on_commit_callbacks))
    assert duo.store.person(person.bsn).contactpersoon_id == joost_id  # the same one again
    assert duo.store.contactpersoon(max(joost_id or 0, anna_id or 0) + 1) is None
    creates = DuoCall.objects.filter(operation_id="createContactpersoon", ok=True).count()
    assert creates == 2

    # A changed phone number updates the contactpersoon at DUO, not a new one.
    colleague.phone = "06-87654321"
    colleague.save()
    assert tasks.send_contactpersoon_task.delay(person.pk).get() == "sent"
    at_duo = duo.store.contactpersoon(joost_id or 0)
    assert at_duo is not None and at_duo.telefoonnummer == "06-87654321"
    assert DuoCall.objects.filter(operation_id="createContactpersoon", ok=True).count() == 2


def test_a_transient_duo_answer_is_retried(
    world: World,
    client_a: Client,
    person: Person,
    colleague: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    colleague.phone = "0301234567"
    colleague.save()
    duo: Duo = sandbox(monkeypatch, world.gemeente_a, retries=0)
    duo.register(person)
    duo.store.inject_fault(503, times=1, operation_id="postContactpersoonByBsn")
    callbacks = _reassign(client_a, person, colleague, django_capture_on_commit_callbacks)

    retried: list[int] = []

    class RetryError(Exception):
        pass

    def retry(countdown: int) -> Exception:
        retried.append(countdown)
        return RetryError()

    task = tasks.send_contactpersoon_task

    def as_a_worker_would(person_id: int) -> Any:  # the third attempt, on a Celery worker
        task.push_request(is_eager=False, retries=2)  # type: ignore[call-arg]  # celery-stubs omit the request fields
        try:
            return task.run(person_id)
        finally:
            task.pop_request()

    with monkeypatch.context() as worker:
        worker.setattr(task, "retry", retry)
        worker.setattr(task, "delay", as_a_worker_would)
        with pytest.raises(RetryError):
            _run(callbacks)
    assert retried == [240]  # back-off: 1 min, 2, 4 …
    koppeling = ContactpersoonKoppeling.objects.get(person=person)
    assert koppeling.status == ContactpersoonStatus.PENDING
    assert duo.store.person(person.bsn).contactpersoon_id is None

    # The retry: DUO answers now; the contactpersoon created before is reused.
    assert tasks.send_contactpersoon_task.delay(person.pk).get() == "sent"
    koppeling.refresh_from_db()
    assert koppeling.status == ContactpersoonStatus.SENT
    assert duo.store.person(person.bsn).contactpersoon_id == 1
    assert duo.store.contactpersoon(2) is None


def test_missing_contact_details_are_shown_not_sent(
    world: World,
    client_a: Client,
    person: Person,
    colleague: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    duo: Duo = sandbox(monkeypatch, world.gemeente_a)
    duo.register(person)
    _run(_reassign(client_a, person, colleague, django_capture_on_commit_callbacks))
    koppeling = ContactpersoonKoppeling.objects.get(person=person)
    assert koppeling.status == ContactpersoonStatus.FAILED
    assert "phone number" in koppeling.message
    assert not DuoCall.objects.filter(operation_id="createContactpersoon").exists()

"""Test helpers for the portal: a newcomer signed in, and their group with sessions ahead."""

from __future__ import annotations

from datetime import date

from django.test import Client

from spil.persons.models import Person
from spil.portal.session import PERSON_KEY
from spil.programmes.models import Group
from spil.programmes.tests.support import make_group
from spil.testing import World

#: A Tuesday after the suite's Monday: the group's sessions lie ahead.
FIRST_SESSION = date(2026, 11, 24)


def newcomer_client(person: Person, client: Client | None = None) -> Client:
    """A browser in which `person` is signed in to the portal (as after DigiD)."""
    client = client or Client()
    session = client.session
    session[PERSON_KEY] = person.pk
    session.save()
    return client


def portal_world(world: World) -> Group:
    """person_a with a klantmanager, a preferred language and a MAP group ahead."""
    assert world.person_a is not None
    person = world.person_a
    person.regisseur = world.user("klantmanager_a")
    person.preferred_language = "ara"
    person.save()
    existing = Group.objects.filter(code="map-portal").first()
    return existing or make_group(
        world, code="map-portal", name="MAP Aadorp", start_date=FIRST_SESSION
    )

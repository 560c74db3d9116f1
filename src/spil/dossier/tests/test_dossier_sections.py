"""The dossier's summary shows what matters now; each section has its own page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.dossier.services import plan_appointment
from spil.persons.models import Person
from spil.persons.tests import factories
from spil.testing import World, sign_in
from spil.trajectories.models import DeadlineKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.regisseur = world.user("klantmanager_a")
    person.save()
    return person


@pytest.fixture
def client_a(world: World) -> Client:
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    return client


def test_the_summary_shows_what_matters_now(world: World, client_a: Client, person: Person) -> None:
    today = timezone.localdate()
    factories.make_trajectory(
        person, next_deadline=today + timedelta(days=12), kind=DeadlineKind.LEERROUTE
    )
    factories.make_signal(person, "SS127")
    factories.make_signal(person, "SS126", "urgent")
    factories.make_task(person, "set_leerroute", due=today + timedelta(days=3))
    starts_at = timezone.make_aware(datetime.combine(today + timedelta(days=2), time(9, 30)))
    for days in (0, 7):
        plan_appointment(
            person,
            actor=world.user("klantmanager_a"),
            kind="progress",
            starts_at=starts_at + timedelta(days=days),
            duration_minutes=30,
            location="Gemeentehuis",
        )
    page = client_a.get(reverse("persons:detail", args=[person.public_id])).content.decode()
    assert "12 days left" in page
    assert "Set the learning route (10 weeks)" in page
    signals = page.split('id="signals-heading"')[1].split("</section>")[0]
    assert signals.index("SS126") < signals.index("SS127")  # urgent first
    assert "Set the learning route" in page.split('id="tasks-heading"')[1]
    assert "Next appointment" in page and "Gemeentehuis" in page
    assert "1 more appointment planned" in page
    assert "Who is involved" in page and "klantmanager_a" in page
    assert person.bsn not in page  # the BSN is in the person section only
    nav = page.split('aria-label="Parts of the dossier"')[1].split("</nav>")[0]
    for name in ("person", "trajectory", "programmes", "work", "timeline", "documents"):
        assert reverse(f"persons:{name}", args=[person.public_id]) in nav


def test_an_overdue_deadline_counts_days_overdue(client_a: Client, person: Person) -> None:
    factories.make_trajectory(person, next_deadline=timezone.localdate() - timedelta(days=3))
    page = client_a.get(reverse("persons:detail", args=[person.public_id])).content.decode()
    assert "3 days overdue" in page


def test_each_form_opens_on_its_own_page(client_a: Client, person: Person) -> None:
    summary = client_a.get(reverse("persons:detail", args=[person.public_id])).content.decode()
    assert "<form" not in summary.split('id="tasks"')[0].split("<main")[1]
    for name, field in (
        ("contact_moment", "id_cm-kind"),
        ("appointment_plan", "id_ap-kind"),
        ("reassign", "id_ra-regisseur"),
        ("hand_over", "id_ho-municipality"),
    ):
        page = client_a.get(reverse(f"persons:{name}", args=[person.public_id]))
        assert page.status_code == 200 and f'id="{field}"' in page.content.decode(), name


def test_the_work_section_lists_the_persons_placements() -> None:
    from spil.placements.tests.support import placement_world

    world, placement = placement_world()
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    url = reverse("persons:work", args=[placement.person.public_id])
    page = client.get(url).content.decode()
    assert placement.offer.title in page
    assert reverse("placements:placement_detail", args=[placement.public_id]) in page
    assert reverse("placements:outcomes", args=[placement.person.public_id]) in page

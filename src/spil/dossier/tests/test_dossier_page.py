"""The dossier page and its actions: what it shows, the timeline with "show more", the
contact-moment form, marking tasks done, a new client manager and a hand-over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType, Role
from spil.audit.models import ProcessingRecord
from spil.dossier.models import ContactMoment, Task, TaskStatus, TimelineEntry, TimelineKind
from spil.persons.models import Person
from spil.persons.tests import factories
from spil.testing import World, make_user, sign_in
from spil.trajectories.models import DeadlineKind, Trajectory


@pytest.fixture
def person(world: World) -> Person:
    person = world.person_a
    assert person is not None
    person.regisseur = world.user("klantmanager_a")
    person.date_of_birth = date(1990, 4, 2)
    person.v_nummer = 1234567890
    person.country_of_origin = "ER"
    person.languages = ["tir", "ara"]
    person.preferred_language = "tir"
    person.interpreter_needed = True
    person.phone = "0612345678"
    person.email = "amal@example.org"
    person.street = "Dorpsstraat 1"
    person.postcode = "4201AA"
    person.city = "Aadorp"
    person.doelgroep = "asiel"
    person.arrival_date = date(2024, 2, 1)
    person.settlement_date = date(2025, 1, 6)
    person.save()
    return person


@pytest.fixture
def client_a(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


def dossier_url(person: Person, section: str = "detail") -> str:
    return reverse(f"persons:{section}", args=[person.public_id])


def whole_dossier(client: Client, person: Person) -> str:
    """The summary and every section, one after the other."""
    sections = ("detail", "person", "trajectory", "programmes", "work", "timeline", "documents")
    return "".join(client.get(dossier_url(person, name)).content.decode() for name in sections)


def test_dossier_shows_person_household_trajectory_deadlines_tasks_signals(
    client_a: Client, person: Person
) -> None:
    today = timezone.localdate()
    factories.add_child(person, today - timedelta(days=365 * 2), "Baby")
    factories.add_child(person, today - timedelta(days=365 * 7), "Schoolkind")
    factories.add_child(person, today - timedelta(days=365 * 15), "Tiener")
    trajectory = factories.make_trajectory(
        person, next_deadline=date(2026, 12, 31), kind=DeadlineKind.LEERROUTE
    )
    factories.make_deadline(trajectory, kind=DeadlineKind.AOW, due=date(2057, 4, 2))
    factories.make_extension(trajectory, date(2028, 9, 2))
    factories.make_task(person, "check_pip_after_move", due=date(2027, 1, 1))
    factories.make_signal(person, "SS127")
    with_english = client_a.cookies
    with_english["django_language"] = "en"
    page = whole_dossier(client_a, person)
    for text in [
        "Amal Testpersoon",
        "999990019",
        "1234567890",
        "Eritrea",
        "Tigrinya, Arabic",
        "0612345678",
        "Dorpsstraat 1",
        "Asylum permit holder",
        "Day care (under 4): 1 child",
        "After-school care (4 to 12): 1 child",
        "B1-route",
        "Spil's estimate",
        "MEDISCH",
        "SS103",
        "Set the learning route (10 weeks)",
        "Wet inburgering 2021 (source for leerroute)",
        "State pension age reached",
        "Check the PIP after the move",
        "SS127",
        "No integration offer received yet",
    ]:
        assert text in page, text
    # The rule of each deadline: source, version in force from, checked on.
    assert "Version in force from" in page and "Jan. 1, 2022" in page
    assert "Source checked on" in page and "Nov. 23, 2026" in page


def test_dossier_in_dutch_names_country_and_language_in_dutch(
    client_a: Client, person: Person, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "nl"  # the product's default, which this test is about
    person.country_of_origin = "SY"
    person.languages = ["ara"]
    person.save()
    page = client_a.get(dossier_url(person, "person")).content.decode()
    assert "Syrië" in page and "Arabisch" in page


def test_timeline_newest_first_with_show_more(client_a: Client, person: Person) -> None:
    start = timezone.now() - timedelta(days=100)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            person=person,
            kind=TimelineKind.DUO_EVENT,
            code=f"SS{100 + i:03d}",
            occurred_at=start + timedelta(days=i),
        )
        for i in range(25)
    )
    page = client_a.get(dossier_url(person, "timeline")).content.decode()
    assert page.index("SS124") < page.index("SS123") < page.index("SS105")
    assert "SS104" not in page  # older than the first 20
    assert "Show older entries" in page
    more_url = page.split('hx-get="')[1].split('"')[0].replace("&amp;", "&")
    fragment = client_a.get(more_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "SS104" in fragment and "SS100" in fragment and "SS105" not in fragment
    assert 'hx-swap-oob="true"' in fragment and "Show older entries" not in fragment
    # Without JavaScript the same link shows a page of its own.
    full = client_a.get(more_url).content.decode()
    assert "<html" in full and "SS100" in full


def test_duo_event_renders_description_and_keeps_the_code(client_a: Client, person: Person) -> None:
    TimelineEntry.objects.create(
        person=person, kind=TimelineKind.DUO_EVENT, code="SS139", occurred_at=timezone.now()
    )
    TimelineEntry.objects.create(
        person=person, kind=TimelineKind.DUO_EVENT, code="ZZ999", occurred_at=timezone.now()
    )
    client_a.cookies["django_language"] = "en"
    page = client_a.get(dossier_url(person, "timeline")).content.decode()
    assert "SS139 · Obliged to integrate; the 10-week period" in page
    assert "DUO event: ZZ999" in page


def test_dossier_query_count_does_not_grow_with_history(
    world: World,
    client_a: Client,
    person: Person,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    factories.make_trajectory(person, next_deadline=date(2027, 1, 1))
    factories.make_task(person)
    factories.make_signal(person, "SS126")
    factories.make_history(person, 5)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(dossier_url(person)).status_code == 200
        return len(queries)

    short = count()
    factories.make_history(person, 300)
    from spil.dossier.services import record_contact_moment

    for day in range(1, 6):
        record_contact_moment(
            person, actor=world.user("klantmanager_a"), kind="progress", on=date(2026, 1, day)
        )
    long = count()
    assert long <= short + 1  # + the contact moments of the page, once
    with django_assert_max_num_queries(short + 1):
        client_a.get(reverse("persons:timeline", args=[person.public_id]), HTTP_HX_REQUEST="true")


# --------------------------------------------------------------------------- contact moment


def test_contact_moment_with_interpreter_is_recorded_and_on_the_timeline(
    client_a: Client, person: Person
) -> None:
    url = reverse("persons:contact_moment", args=[person.public_id])
    response = client_a.post(
        url,
        {
            "cm-kind": "home_visit",
            "cm-date": timezone.localdate().isoformat(),
            "cm-interpreter_present": "on",
            "cm-interpreter_language": "tir",
            "cm-peer_expert_present": "on",
            "cm-other_participants": "Partner",
            "cm-notes": "Kennismaking thuis.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == dossier_url(person, "timeline")
    moment = ContactMoment.objects.get(person=person)
    assert moment.interpreter_present and moment.interpreter_language == "tir"
    assert moment.peer_expert_present and moment.other_participants == "Partner"
    record = ProcessingRecord.objects.latest("pk")
    assert record.handeling == "invoeren" and record.data_categories == ["contact_moments"]
    client_a.cookies["django_language"] = "en"
    page = client_a.get(response["Location"]).content.decode()
    assert "Contact moment: Home visit" in page
    assert "Interpreter present (Tigrinya)" in page
    assert "Peer expert present" in page
    assert "Kennismaking thuis." in page
    assert "The contact moment was recorded." in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"cm-kind": "intake", "cm-date": ""}, "date", "Enter the date of the contact."),
        (
            {"cm-kind": "intake", "cm-date": "2099-01-01"},
            "date",
            "The date of the contact cannot lie in the future.",
        ),
        (
            {"cm-kind": "intake", "cm-date": "2026-01-05", "cm-interpreter_present": "on"},
            "interpreter_language",
            "Choose the language of the interpreter",
        ),
        ({"cm-kind": "nonsense", "cm-date": "2026-01-05"}, "kind", "Select a valid choice"),
    ],
)
def test_invalid_contact_moment_names_the_field_and_writes_nothing(
    client_a: Client, person: Person, data: dict[str, str], field: str, message: str
) -> None:
    before = (ContactMoment.objects.count(), TimelineEntry.objects.count())
    records = ProcessingRecord.objects.count()
    client_a.cookies["django_language"] = "en"
    response = client_a.post(reverse("persons:contact_moment", args=[person.public_id]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert (ContactMoment.objects.count(), TimelineEntry.objects.count()) == before
    # Only the view of the dossier is recorded, no change.
    assert ProcessingRecord.objects.count() == records + 1
    assert ProcessingRecord.objects.latest("pk").handeling == "raadplegen"
    # The error is tied to its field and listed in the summary with a link to it.
    assert f'id="id_cm-{field}-error"' in page
    assert f'aria-describedby="id_cm-{field}' in page or f"id_cm-{field}-help id_cm-{field}" in page
    assert f'href="#id_cm-{field}"' in page
    assert message in page
    assert 'aria-invalid="true"' in page


# --------------------------------------------------------------------------- tasks


def test_task_done_with_and_without_htmx(world: World, client_a: Client, person: Person) -> None:
    first = factories.make_task(person, "set_leerroute")
    second = factories.make_task(person, "check_pip_after_move")
    url = reverse("persons:task_done", args=[person.public_id, first.pk])
    response = client_a.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#tasks")
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE and first.done_at is not None
    assert TimelineEntry.objects.filter(person=person, kind=TimelineKind.TASK_DONE).exists()
    client_a.cookies["django_language"] = "en"
    url = reverse("persons:task_done", args=[person.public_id, second.pk])
    fragment = client_a.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="tasks"' in fragment
    assert "No open tasks." in fragment and "Task marked as done." in fragment


def test_task_of_another_person_cannot_be_completed(
    world: World, client_a: Client, person: Person
) -> None:
    other = factories.make_person(world.gemeente_a, "Ander")
    task = factories.make_task(other)
    url = reverse("persons:task_done", args=[person.public_id, task.pk])
    assert client_a.post(url).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


# --------------------------------------------------------------------------- reassign


def test_reassign_regisseur_moves_open_tasks_and_writes_the_timeline(
    world: World, client_a: Client, person: Person
) -> None:
    colleague = make_user("km_collega", world.gemeente_a, Role.KLANTMANAGER)
    mine = factories.make_task(person, "set_leerroute")
    unassigned = factories.make_task(person, "plan_intake", assignee=None)
    someone_else = factories.make_task(person, "register_aanbod", assignee=colleague)
    url = reverse("persons:reassign", args=[person.public_id])
    response = client_a.post(url, {"ra-regisseur": colleague.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.regisseur == colleague
    for task in (mine, unassigned, someone_else):
        task.refresh_from_db()
        assert task.assignee == colleague
    entry = TimelineEntry.objects.get(person=person, kind=TimelineKind.REASSIGNED)
    assert entry.params == {"previous": "klantmanager_a", "new": "km_collega"}
    record = ProcessingRecord.objects.latest("pk")
    assert record.handeling == "wijzigen" and record.actie_naam == "Change client manager"


def test_reassign_only_to_a_klantmanager_of_the_municipality_or_shared_regio(
    world: World, client_a: Client, person: Person
) -> None:
    url = reverse("persons:reassign", args=[person.public_id])
    other = world.user("klantmanager_b")
    client_a.cookies["django_language"] = "en"
    response = client_a.post(url, {"ra-regisseur": other.pk})
    assert response.status_code == 200
    assert 'href="#id_ra-regisseur"' in response.content.decode()
    person.refresh_from_db()
    assert person.regisseur == world.user("klantmanager_a")
    world.regio.shares_caseloads = True
    world.regio.save()
    assert client_a.post(url, {"ra-regisseur": other.pk}).status_code == 302
    person.refresh_from_db()
    assert person.regisseur == other


# --------------------------------------------------------------------------- hand over


def test_hand_over_moves_person_and_trajectory_and_leaves_the_caseload(
    world: World, client_a: Client, person: Person
) -> None:
    trajectory = factories.make_trajectory(person, next_deadline=date(2027, 1, 1))
    task = factories.make_task(person, "set_leerroute")
    url = reverse("persons:hand_over", args=[person.public_id])
    response = client_a.post(
        url,
        {
            "ho-municipality": world.gemeente_b.pk,
            "ho-moved_on": "2026-11-01",
            "ho-note": "MAP loopt goed; tolk Tigrinya nodig bij gesprekken.",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("persons:caseload")
    person.refresh_from_db()
    assert person.municipality == world.gemeente_b
    assert person.settlement_date == date(2026, 11, 1)
    assert person.regisseur is None
    trajectory.refresh_from_db()
    assert trajectory.municipality == world.gemeente_b
    task.refresh_from_db()
    assert task.assignee is None and task.status == TaskStatus.OPEN
    assert Task.objects.filter(person=person, code="take_over_dossier").exists()
    codes = set(
        TimelineEntry.objects.filter(person=person, kind=TimelineKind.HANDOVER).values_list(
            "code", flat=True
        )
    )
    assert codes == {"handover_out", "handover_in"}
    record = ProcessingRecord.objects.filter(
        actie_naam="Warm handover to another municipality"
    ).get()
    assert record.organisation == world.gemeente_a
    assert record.purpose_code == "warme_overdracht"
    # The person left this caseload and arrived in the other one.
    assert client_a.get(dossier_url(person)).status_code == 404
    client_b = sign_in(Client(), world.user("klantmanager_b"))
    client_b.cookies["django_language"] = "en"
    page = whole_dossier(client_b, person)
    assert "Received from Gemeente Aadorp by Gemeente Bedorp" in page
    assert "Assign a client manager and review the plan after the move" in page
    assert "MAP loopt goed; tolk Tigrinya nodig bij gesprekken." in page  # the warm handover


def test_hand_over_needs_another_municipality_and_a_date(
    world: World, client_a: Client, person: Person
) -> None:
    url = reverse("persons:hand_over", args=[person.public_id])
    client_a.cookies["django_language"] = "en"
    page = client_a.post(url, {"ho-municipality": world.gemeente_a.pk}).content.decode()
    assert 'href="#id_ho-municipality"' in page and 'href="#id_ho-moved_on"' in page
    assert "Enter the date of the move." in page
    assert "Write a handover note for the new municipality." in page
    regio = client_a.post(url, {"ho-municipality": world.regio.pk, "ho-moved_on": "2026-11-01"})
    assert regio.status_code == 200
    person.refresh_from_db()
    assert person.municipality == world.gemeente_a
    assert not TimelineEntry.objects.filter(kind=TimelineKind.HANDOVER).exists()


def test_hand_over_within_a_shared_regio_keeps_the_regisseur(
    world: World, client_a: Client, person: Person
) -> None:
    world.regio.shares_caseloads = True
    world.regio.save()
    url = reverse("persons:hand_over", args=[person.public_id])
    response = client_a.post(
        url,
        {
            "ho-municipality": world.gemeente_b.pk,
            "ho-moved_on": "2026-11-01",
            "ho-note": "MAP loopt goed; tolk Tigrinya nodig bij gesprekken.",
        },
    )
    assert response["Location"] == dossier_url(person)
    person.refresh_from_db()
    assert person.regisseur == world.user("klantmanager_a")
    assert not Task.objects.filter(person=person, code="take_over_dossier").exists()


def test_other_municipality_cannot_act_on_the_person(world: World, person: Person) -> None:
    client_b = sign_in(Client(), world.user("klantmanager_b"))
    elsewhere = Organisation.objects.create(name="Gemeente C", type=OrganisationType.GEMEENTE)
    for name, data in [
        ("persons:contact_moment", {"cm-kind": "intake", "cm-date": "2026-01-05"}),
        ("persons:reassign", {"ra-regisseur": world.user("klantmanager_b").pk}),
        (
            "persons:hand_over",
            {"ho-municipality": elsewhere.pk, "ho-moved_on": "2026-11-01", "ho-note": "x"},
        ),
    ]:
        assert client_b.post(reverse(name, args=[person.public_id]), data).status_code == 404
    assert not ContactMoment.objects.exists()
    person.refresh_from_db()
    assert person.municipality == world.gemeente_a
    assert Trajectory.objects.count() == 0


def test_client_manager_keeps_contact_details_languages_and_household(world: World) -> None:
    from spil.dossier.models import TimelineEntry
    from spil.persons.models import HouseholdMember

    person = world.person_a
    assert person is not None
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("persons:edit_details", args=[person.public_id])
    page = client.get(url).content.decode()
    assert "Tigrinya" in page and "Eritrea" in page
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = client.post(
        url,
        {
            "pd-email": "not-an-address",
            "pd-arrival_date": future,
            "pd-new_member_name": "Sara",
        },
    )
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "Enter a valid e-mail address" in body
    assert "The date of arrival cannot lie in the future." in body
    assert "Choose the relation of the person you add." in body
    person.refresh_from_db()
    assert person.email == "" and not HouseholdMember.objects.filter(person=person).exists()

    saved = client.post(
        url,
        {
            "pd-phone": "06 1234 5678",
            "pd-email": "a.person@example.nl",
            "pd-country_of_origin": "ER",
            "pd-languages": ["tir"],
            "pd-preferred_language": "ara",
            "pd-interpreter_needed": "on",
            "pd-arrival_date": "2025-03-01",
            "pd-new_member_relation": "child",
            "pd-new_member_name": "Sara",
            "pd-new_member_date_of_birth": "2023-05-01",
        },
    )
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.phone == "06 1234 5678" and person.country_of_origin == "ER"
    assert person.languages == ["tir", "ara"]  # the preferred language is spoken too
    assert person.interpreter_needed
    assert HouseholdMember.objects.filter(person=person, name="Sara").exists()
    entry = TimelineEntry.objects.filter(person=person, kind="details_changed").get()
    assert "household" in entry.params["fields"]
    assert saved["Location"] == dossier_url(person, "person")
    assert "Eritrea" in client.get(saved["Location"]).content.decode()
    timeline = client.get(dossier_url(person, "timeline")).content.decode()
    assert "Personal details changed:" in timeline

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spil.persons.models import Person
from spil.programmes.models import GroupMember, WaitingEntry, WaitingStatus
from spil.programmes.services import assignment
from spil.programmes.tests.support import make_group
from spil.testing import TEST_BSNS, World, sign_in

pytestmark = pytest.mark.django_db


def _wait(person: Person, available: list[str], since: date, locations: list[str]) -> None:
    person.languages = ["ara", "nld"]
    person.save()
    assignment.register_waiting(
        person,
        "map",
        available=available,
        locations=locations,
        earliest_start=timezone.localdate(),
        waiting_since=since,
        actor=None,
    )


def test_proposal_explains_and_planner_accepts(world: World) -> None:
    assert world.person_a is not None
    other = Person.objects.create(
        bsn=TEST_BSNS[2], given_names="Chaya", family_name="Derde", municipality=world.gemeente_a
    )
    group = make_group(world, members=[], start_date=timezone.localdate() + timedelta(days=7))
    _wait(world.person_a, ["tue-morning"], date(2026, 5, 1), ["Aadorp"])
    _wait(other, ["wed-evening"], date(2026, 6, 1), ["Aadorp"])
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    url = reverse("programmes:assignment")
    page = client.post(url, {"kind": "map", "action": "propose"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Proposal: 1 of 2 placed." in body
    assert "Every group meets at a day-part this person is not free (MAP Aadorp)." in body
    # The planner pins the other person anyway, recalculates, and accepts.
    page = client.post(
        url, {"kind": "map", "action": "propose", f"adjust-{other.pk}": f"pin:{group.pk}"}
    )
    assert "Proposal: 2 of 2 placed." in page.content.decode()
    accepted = client.post(
        url,
        {
            "kind": "map",
            "action": "accept",
            f"place-{world.person_a.pk}": str(group.pk),
            f"place-{other.pk}": str(group.pk),
            f"pinned-{other.pk}": "1",
        },
    )
    assert accepted.status_code == 302
    assert set(GroupMember.objects.values_list("person_id", "pinned")) == {
        (world.person_a.pk, False),
        (other.pk, True),
    }
    assert not WaitingEntry.objects.filter(status=WaitingStatus.WAITING).exists()


def test_accept_ignores_people_outside_the_caseload(world: World) -> None:
    assert world.person_b is not None
    group = make_group(world, members=[], start_date=timezone.localdate() + timedelta(days=7))
    _wait(world.person_b, ["tue-morning"], date(2026, 5, 1), ["Aadorp"])
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.post(
        reverse("programmes:assignment"),
        {"kind": "map", "action": "accept", f"place-{world.person_b.pk}": str(group.pk)},
    )
    assert not GroupMember.objects.exists()


def test_trainer_creates_a_group_with_sessions(world: World) -> None:
    client = sign_in(Client(), world.user("klantmanager_a"))
    assert client.get(reverse("programmes:group_new")).status_code == 200
    response = client.post(
        reverse("programmes:group_new"),
        {
            "g-name": "PVT avond",
            "g-code": "pvt-avond",
            "g-kind": "pvt",
            "g-municipality": world.gemeente_a.pk,
            "g-location": "Aadorp",
            "g-language": "nld",
            "g-min_size": "6",
            "g-max_size": "10",
            "g-weekday": "mon",
            "g-moment": "evening",
            "g-start_time": "19:00",
            "g-end_time": "22:00",
            "g-start_date": "2026-09-07",
            "g-session_count": "4",
            "g-interval_weeks": "1",
            "g-interpreter": "ara, tir",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    listing = client.get(reverse("programmes:groups"))
    assert "PVT avond" in listing.content.decode()
    from spil.programmes.models import Group

    group = Group.objects.get(code="pvt-avond")
    assert group.interpreter_languages == ["ara", "tir"]
    assert group.sessions.count() == 4
    assert (
        sign_in(Client(), world.user("buddy")).get(reverse("programmes:groups")).status_code == 403
    )


def test_accepting_never_overfills_a_group(world: World) -> None:
    assert world.person_a is not None and world.person_b is not None
    group = make_group(world, members=[], max_size=1)
    placed = assignment.accept_placements(
        [(world.person_a.pk, group.pk, False), (world.person_b.pk, group.pk, True)], actor=None
    )
    assert [m.person_id for m in placed] == [world.person_a.pk]
    assert group.members.count() == 1


def test_a_bad_adjustment_answers_a_translated_error_naming_the_field(world: World) -> None:
    assert world.person_a is not None
    group = make_group(world, members=[], start_date=timezone.localdate() + timedelta(days=7))
    _wait(world.person_a, ["tue-morning"], date(2026, 5, 1), ["Aadorp"])
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("programmes:assignment")
    bad = {"kind": "map", "action": "propose", f"adjust-{world.person_a.pk}": "pin:999999"}

    client.cookies["django_language"] = "nl"
    page = client.post(url, bad)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Er is niets gewijzigd. Controleer deze velden:" in body
    assert (
        f'<a class="utrecht-link" href="#adjust-{world.person_a.pk}">Aanpassen voor Amal '
        "Testpersoon: Selecteer een geldige keuze. pin:999999 is geen beschikbare keuze.</a>"
    ) in body
    assert 'aria-invalid="true"' in body
    assert "Voorstel:" not in body  # no proposal from a form with errors

    client.cookies["django_language"] = "en"
    body = client.post(url, bad).content.decode()
    assert (
        "Adjust for Amal Testpersoon: Select a valid choice. pin:999999 is not one of the "
        "available choices."
    ) in body

    # Accepting with a group the page did not offer places nobody and says which field.
    page = client.post(
        url, {"kind": "map", "action": "accept", f"place-{world.person_a.pk}": "not-a-group"}
    )
    assert page.status_code == 200
    assert (
        "Proposal for Amal Testpersoon: Select a valid choice. not-a-group is not one of the "
        "available choices."
    ) in page.content.decode()
    assert not GroupMember.objects.exists()
    # The same page with the group it offered places the person.
    accepted = client.post(
        url, {"kind": "map", "action": "accept", f"place-{world.person_a.pk}": str(group.pk)}
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == url + "?kind=map"
    assert GroupMember.objects.filter(person=world.person_a, group=group, pinned=False).exists()


def test_the_waiting_list_kind_comes_from_the_post_or_the_address(world: World) -> None:
    assert world.person_a is not None
    _wait(world.person_a, ["tue-morning"], date(2026, 5, 1), ["Aadorp"])
    client = sign_in(Client(), world.user("klantmanager_a"))
    url = reverse("programmes:assignment")
    assert "Amal" in client.get(url + "?kind=map").content.decode()
    assert "Amal" not in client.get(url + "?kind=pvt").content.decode()
    assert "Amal" in client.get(url + "?kind=nonsense").content.decode()  # MAP by default
    assert "Amal" not in client.post(url + "?kind=map", {"kind": "pvt"}).content.decode()
    assert "Amal" in client.post(url + "?kind=map", {}).content.decode()


def _life(world: World, person: Person, **answers: object) -> None:
    from spil.intake import services as intake_services

    actor = world.user("klantmanager_a")
    intake = intake_services.start_intake(person, actor=actor)
    intake_services.save_step(intake, "leefsituatie", answers, actor=actor)


def test_childcare_and_travel_from_the_intake_constrain_the_proposal(world: World) -> None:
    """Issue 16: the intake's childcare hours and travel time are hard constraints."""
    person = world.person_a
    assert person is not None
    person.postcode = "4203 AB"  # Gorinchem
    person.save()
    start = timezone.localdate() + timedelta(days=7)
    far = make_group(world, members=[], start_date=start, code="map-utrecht",
                     name="MAP Utrecht", location="Utrecht", postcode="3511")  # fmt: skip
    evening = make_group(world, members=[], start_date=start, code="map-avond",
                         name="MAP avond", moment="evening", postcode="4201")  # fmt: skip
    _wait(person, ["tue-morning", "tue-evening"], date(2026, 5, 1), ["Aadorp", "Utrecht"])
    _life(world, person, transport="bike", max_travel_minutes=30, childcare_needed="yes",
          childcare_dayparts=["tue-morning"])  # fmt: skip
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    page = client.post(reverse("programmes:assignment"), {"kind": "map", "action": "propose"})
    body = page.content.decode()
    assert "Proposal: 0 of 1 placed." in body
    assert "outside the childcare hours, and no childcare at the group" in body
    assert "too far to travel" in body
    # a group with a creche nearby fits
    evening.offers_childcare = True
    evening.save()
    page = client.post(reverse("programmes:assignment"), {"kind": "map", "action": "propose"})
    assert "Proposal: 1 of 1 placed." in page.content.decode()
    assert (
        far.pk not in page.context["proposal"].result.by_participant().get(person.pk, {}).values()
    )


def test_the_proposal_reads_the_intakes_of_the_whole_waiting_list_at_once(world: World) -> None:
    assert world.person_a is not None
    others = [
        Person.objects.create(
            bsn=bsn,
            given_names="Wachtend",
            family_name=f"Nummer {i}",
            municipality=world.gemeente_a,
        )
        for i, bsn in enumerate(TEST_BSNS[2:5])
    ]
    make_group(world, members=[], start_date=timezone.localdate() + timedelta(days=7))
    for person in [world.person_a, *others]:
        _wait(person, ["tue-morning"], date(2026, 5, 1), ["Aadorp"])
        _life(world, person, transport="bike", max_travel_minutes=30)
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as captured:
        page = client.post(reverse("programmes:assignment"), {"kind": "map", "action": "propose"})
    assert "Proposal: 4 of 4 placed." in page.content.decode()
    intake_reads = [q for q in captured if 'FROM "intake_intake"' in q["sql"]]
    assert len(intake_reads) == 1

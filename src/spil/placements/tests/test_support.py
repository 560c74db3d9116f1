"""The buddy and the language coach: a minimal, purpose-bound view of the placements they
are assigned to (name, placement, schedule, their own check-ins), nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from spil.accounts.roles import Role
from spil.audit.models import ProcessingRecord
from spil.placements import queries, services
from spil.placements.models import CheckIn, CheckInKind, Placement
from spil.placements.tests.support import employer_of, offer, support_world
from spil.testing import World, logged_person_ids, make_user, sign_in

pytestmark = pytest.mark.django_db


def _other_placement(world: World) -> Placement:
    """Person B's placement with another buddy and another language coach."""
    person = world.person_b
    assert person is not None
    km = world.user("klantmanager_b")
    welzijn = world.user("buddy").memberships.get().organisation
    school = world.user("trainer").memberships.get().organisation
    placement = services.propose_placement(km, person, offer(employer_of(world), title="Stage"))
    services.assign_team(
        km,
        placement,
        job_coach=world.user("jobcoach"),
        accountmanager=None,
        buddy=make_user("buddy2", welzijn, Role.BUDDY),
        language_coach=make_user("trainer2", school, Role.TRAINER),
    )
    services.plan_introduction(km, placement, date(2026, 9, 1))
    return placement


def test_supporters_see_their_own_placements_only() -> None:
    world, placement = support_world()
    other = _other_placement(world)
    for key, role in (("buddy", "buddy"), ("trainer", "language_coach")):
        user = world.user(key)
        assert list(queries.support_placements_for_user(user)) == [placement]
        assert queries.support_role(user, placement) == role
        assert queries.support_role(user, other) == ""
        client = sign_in(Client(), user)
        listing = client.get(reverse("placements:support_placements")).content.decode()
        assert placement.person.full_name in listing
        assert other.person.full_name not in listing
        url = reverse("placements:support_placement", args=[other.public_id])
        assert client.get(url).status_code == 404


def test_the_view_shows_name_placement_and_schedule_and_nothing_else() -> None:
    world, placement = support_world()
    person = placement.person
    person.street, person.city = "Kerkstraat 1", "Gorinchem"
    person.save()
    client = sign_in(Client(), world.user("buddy"))
    page = client.get(reverse("placements:support_placement", args=[placement.public_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert person.full_name in body
    assert placement.offer.title in body
    assert "Monday morning" in body  # the offer's day-parts: the schedule
    for hidden in (person.bsn, person.phone, person.street, person.postcode):
        assert hidden not in body


def test_supporters_get_no_dossier_intake_or_staff_pages() -> None:
    world, placement = support_world()
    person = placement.person
    for key in ("buddy", "trainer"):
        client = sign_in(Client(), world.user(key))
        for url in (
            reverse("persons:detail", args=[person.public_id]),
            reverse("persons:timeline", args=[person.public_id]),
            reverse("intake:overview", args=[person.public_id]),
            reverse("placements:placement_detail", args=[placement.public_id]),
            reverse("placements:check_in", args=[placement.public_id]),
            reverse("placements:outcomes", args=[person.public_id]),
            reverse("placements:person_matches", args=[person.public_id]),
        ):
            assert client.get(url).status_code in {403, 404}, (key, url)
        listing = client.get(reverse("placements:placements")).content.decode()
        assert person.family_name not in listing


def test_supporters_see_only_their_own_checkins() -> None:
    world, placement = support_world()
    services.check_in(world.user("jobcoach"), placement, mood="attention", note="Coach: te laat")
    services.check_in(world.user("buddy"), placement, mood="good", note="Buddy: samen gelunchd")
    client = sign_in(Client(), world.user("buddy"))
    url = reverse("placements:support_placement", args=[placement.public_id])
    body = client.get(url).content.decode()
    assert "Buddy: samen gelunchd" in body
    assert "Coach: te laat" not in body
    trainer = sign_in(Client(), world.user("trainer"))
    response = trainer.post(url, {"mood": "good", "note": "Taal: oefende het werkoverleg"})
    assert response.status_code == 302
    check = CheckIn.objects.get(note="Taal: oefende het werkoverleg")
    assert (check.author, check.author_role) == (world.user("trainer"), "language_coach")
    assert CheckIn.objects.get(note="Buddy: samen gelunchd").author_role == "buddy"
    # the klantmanager sees them all on the placement
    staff = sign_in(Client(), world.user("klantmanager_a"))
    staff_page = staff.get(reverse("placements:placement_detail", args=[placement.public_id]))
    assert "Taal: oefende het werkoverleg" in staff_page.content.decode()


def test_access_ends_with_the_placement() -> None:
    world, placement = support_world()
    buddy = world.user("buddy")
    services.end(world.user("jobcoach"), placement, date(2026, 12, 31), "completed",
                 next_step="BBL kok")  # fmt: skip
    assert not queries.support_placements_for_user(buddy).exists()
    with pytest.raises(PermissionDenied):
        services.check_in(buddy, placement, mood="good")
    url = reverse("placements:support_placement", args=[placement.public_id])
    assert sign_in(Client(), buddy).get(url).status_code == 404


def test_aftercare_keeps_the_buddy_but_not_for_planned_checkins() -> None:
    world, placement = support_world()
    buddy = world.user("buddy")
    services.convert_to_paid_work(world.user("jobcoach"), placement, date.today())
    assert list(queries.support_placements_for_user(buddy)) == [placement]
    planned = placement.checkins.filter(kind=CheckInKind.AFTERCARE).first()
    with pytest.raises(PermissionDenied):
        services.check_in(buddy, placement, mood="good", scheduled=planned)


def test_the_role_is_needed_as_well_as_the_assignment() -> None:
    world, _placement = support_world()
    buddy = world.user("buddy")
    buddy.memberships.update(is_active=False)
    assert not queries.support_placements_for_user(buddy).exists()
    client = sign_in(Client(), buddy)
    assert client.get(reverse("placements:support_placements")).status_code == 403


def test_each_view_is_logged_with_name_and_work_only() -> None:
    world, placement = support_world()
    before = set(ProcessingRecord.objects.values_list("pk", flat=True))
    client = sign_in(Client(), world.user("trainer"))
    client.get(reverse("placements:support_placement", args=[placement.public_id]))
    record = ProcessingRecord.objects.exclude(pk__in=before).get()
    assert set(record.data_categories) == {"identity", "work"}
    assert record.purpose_code == queries.PURPOSE
    assert logged_person_ids(record) == {placement.person_id}

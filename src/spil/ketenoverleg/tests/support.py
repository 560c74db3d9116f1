"""A chain meeting in the test world (spil.testing.World)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.dossier import services as dossier
from spil.ketenoverleg import services
from spil.ketenoverleg.models import Case, ChainAction, Meeting, MeetingSeries
from spil.persons.models import Person
from spil.testing import World


def series_of(
    world: World, organisation: Organisation | None = None, *, users: tuple[str, ...] = ()
) -> MeetingSeries:
    """A monthly series (first meeting a week from now) organised by klantmanager_a, with
    the taalschool (partner_staff, trainer) as participating organisation."""
    school = world.user("partner_staff").active_memberships().get().organisation
    return services.create_series(
        world.user("klantmanager_a"),
        name="Ketenoverleg Aadorp",
        organisation=organisation or world.gemeente_a,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=time(9, 30),
        location="Stadhuis, zaal 2",
        participant_organisations=[school],
        participant_users=[world.user(key) for key in users],
    )


def next_meeting(series: MeetingSeries) -> Meeting:
    return services.ensure_next_meeting(series)


def signal(person: Person, code: str = "absence_streak") -> None:
    dossier.raise_signal(person, code, params={"count": 3})


def case_for(world: World, meeting: Meeting, person: Person) -> Case:
    return services.add_case_by_hand(world.user("klantmanager_a"), meeting, person)


def action_for(world: World, case: Case, owner: User | None = None) -> ChainAction:
    return services.add_action(
        world.user("klantmanager_a"),
        case,
        description="Bel de taalschool over de afwezigheid",
        owner=owner or world.user("klantmanager_a"),
        due=timezone.localdate() + timedelta(days=14),
    )


def prepared(world: World) -> tuple[Meeting, Case]:
    """Gemeente Aadorp's next meeting with person_a on the agenda; klantmanager_b takes
    part (without access to person_a)."""
    assert world.person_a is not None
    series = series_of(world, users=("klantmanager_b",))
    meeting = next_meeting(series)
    return meeting, case_for(world, meeting, world.person_a)


def first_tuesday_after(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7 or 7)

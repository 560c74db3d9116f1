"""Test helpers: a provider, a group with sessions and members."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.persons.models import Person
from spil.programmes.models import Group, GroupMember
from spil.programmes.services import groups
from spil.testing import World


def school(world: World | None = None) -> Organisation:
    return Organisation.objects.get(type=OrganisationType.TAALSCHOOL)


def make_group(world: World, *, members: list[Person] | None = None, **overrides: Any) -> Group:
    fields: dict[str, Any] = {
        "code": "map-aadorp",
        "name": "MAP Aadorp",
        "kind": "map",
        "municipality": world.gemeente_a,
        "provider": school(world),
        "location": "Aadorp",
        "language": "nld",
        "weekday": "tue",
        "moment": "morning",
        "start_time": time(9, 30),
        "end_time": time(12, 0),
        "start_date": date(2026, 9, 1),
        "session_count": 8,
        "interval_weeks": 1,
        "min_size": 1,
        "max_size": 10,
    }
    fields.update(overrides)
    group = groups.create_group(trainers=[world.user("trainer")], **fields)
    for person in members if members is not None else [world.person_a]:
        assert person is not None
        GroupMember.objects.create(group=group, person=person)
    return group


def established_pip(
    person: Person,
    components: list[tuple[str, str, str, date, date]],
    *,
    leerroute: str = "b1",
    dagtekening: date = date(2026, 8, 3),
    first_progress_meeting: date | None = None,
    progress_every_weeks: int = 12,
) -> Any:
    """An established (vastgesteld) PIP version with (kind, provider, hours, start, end)
    components, made directly: the plans app's own flow is tested there."""
    from spil.plans.models import Pip, PipComponent, PipVersion, VersionStatus

    pip = Pip.objects.create(person=person)
    version = PipVersion.objects.create(
        pip=pip,
        number=1,
        status=VersionStatus.VASTGESTELD,
        leerroute=leerroute,
        niveau="B1" if leerroute == "b1" else "",
        dagtekening=dagtekening,
        first_progress_meeting=first_progress_meeting,
        progress_every_weeks=progress_every_weeks,
    )
    for kind, provider, hours, start, end in components:
        PipComponent.objects.create(
            version=version,
            kind=kind,
            provider=provider,
            hours_per_week=hours,
            start=start,
            end=end,
        )
    return version

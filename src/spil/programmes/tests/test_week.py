"""``queries.week_for``: the person's week as the placement matching reads it (how the
matching profile uses it is tested with the placements)."""

from __future__ import annotations

from datetime import date

import pytest

from spil.core.week import WEEKDAY_DAYTIME, DayPart
from spil.programmes import queries
from spil.programmes.models import Enrolment, Phase, PhaseComponent, ProgrammeTemplate
from spil.programmes.services import enrolment as enrolment_service
from spil.programmes.tests.support import make_group
from spil.testing import World

MONDAY = date(2026, 9, 7)


def _template(code: str, components: list[tuple[str, str, int, str]]) -> ProgrammeTemplate:
    template = ProgrammeTemplate.objects.create(code=code, name=code)
    phase = Phase.objects.create(template=template, order=1, name="one", duration_weeks=104)
    for kind, hours, day_parts, moment in components:
        PhaseComponent.objects.create(
            phase=phase, kind=kind, hours_per_week=hours, day_parts=day_parts, moment=moment
        )
    return template


@pytest.mark.django_db
def test_no_week_plan_is_none(world: World) -> None:
    assert world.person_a is not None
    assert queries.week_for(world.person_a, MONDAY) is None


@pytest.mark.django_db
def test_lessons_take_dayparts_and_work_gives_the_hours(world: World) -> None:
    person = world.person_a
    assert person is not None
    template = _template(
        "dual", [("language", "12", 3, "morning"), ("work", "16", 4, ""), ("knm", "2", 0, "")]
    )
    enrolment_service.enrol(person, template, MONDAY, actor=None)
    week = queries.week_for(person, MONDAY)
    assert week is not None
    free = week["free_dayparts"]
    assert isinstance(free, frozenset)
    assert all(isinstance(dp, DayPart) for dp in free)
    busy = WEEKDAY_DAYTIME - free
    # three mornings for language (Mon-Wed), one open day-part for KNM (Thursday morning)
    assert busy == {
        DayPart.MON_MORNING,
        DayPart.TUE_MORNING,
        DayPart.WED_MORNING,
        DayPart.THU_MORNING,
    }
    assert week["hours_available"] == 16.0  # the plan's room for work


@pytest.mark.django_db
def test_group_takes_its_daypart_and_the_map_component(world: World) -> None:
    person = world.person_a
    assert person is not None
    template = _template("map-only", [("map", "2.5", 1, "morning"), ("language", "8", 2, "")])
    enrolment_service.enrol(person, template, MONDAY, actor=None)
    make_group(world, weekday="thu", moment="afternoon", start_date=MONDAY)
    week = queries.week_for(person, MONDAY)
    assert week is not None
    busy = WEEKDAY_DAYTIME - week["free_dayparts"]  # type: ignore[operator]
    # the MAP group's Thursday afternoon replaces the plan's MAP morning
    assert busy == {DayPart.THU_AFTERNOON, DayPart.MON_MORNING, DayPart.TUE_MORNING}
    assert week["hours_available"] == 32.0 - 10.5


@pytest.mark.django_db
def test_stopped_or_finished_plan_is_not_the_week(world: World) -> None:
    person = world.person_a
    assert person is not None
    template = _template("short", [("language", "8", 2, "morning")])
    enrolment = enrolment_service.enrol(person, template, MONDAY, actor=None)
    assert queries.week_for(person, date(2029, 6, 1)) is None  # after the plan ends
    assert queries.week_for(person, date(2026, 1, 5)) is not None  # before: its first week
    Enrolment.objects.filter(pk=enrolment.pk).update(status="stopped")
    assert queries.week_for(person, MONDAY) is None

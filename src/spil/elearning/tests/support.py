"""Test helpers: the starter modules, and person_a in an Almere-like e-learning MAP group
(5 themes in 9 weeks, time counts up to 2 hours per module)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spil.elearning import services
from spil.elearning.models import Setting
from spil.portal.tests.support import portal_world
from spil.programmes.models import Group
from spil.testing import World

THEMES = [
    "werk vinden",
    "werkcultuur",
    "netwerk opbouwen",
    "werknemerscompetenties",
    "beroepscompetenties",
]
#: The group starts on the suite's Monday; the window ends 9 weeks later.
START = date(2026, 11, 23)


def elearning_world(world: World, *, start: date = START) -> tuple[Group, Setting]:
    services.load_starter()
    group = portal_world(world)
    group.elearning = True
    group.start_date = start
    group.save(update_fields=["elearning", "start_date"])
    setting = services.set_setting(
        group_id=group.pk,
        themes=THEMES,
        window_weeks=9,
        counts_as_practice_hours=True,
        cap_hours_per_module=Decimal("2.0"),
    )
    return group, setting

"""`make demo` loads on any day at any hour: appointments on future workdays, sessions,
placements and deadlines relative to the day of loading."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from spil.core.calendar import is_workday
from spil.dossier.models import Appointment
from spil.programmes.models import Session

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MOMENTS = {
    "a Sunday": datetime(2026, 12, 6, 14, 0, tzinfo=AMSTERDAM),
    "New Year's Eve at 23:59": datetime(2026, 12, 31, 23, 59, tzinfo=AMSTERDAM),
    "the last workday before King's Day": datetime(2027, 4, 26, 16, 30, tzinfo=AMSTERDAM),
    "Christmas Eve, a Thursday, at 23:59": datetime(2026, 12, 24, 23, 59, tzinfo=AMSTERDAM),
}


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_the_demo_loads_on_any_day(moment: datetime, clock, capsys) -> None:
    clock.move_to(moment, tick=False)
    call_command("demo", "--no-serve", "--no-duo")
    today = moment.date()

    appointments = list(Appointment.objects.all())
    assert appointments
    for appointment in appointments:
        day = appointment.starts_at.astimezone(AMSTERDAM).date()
        assert day > today and is_workday(day), day

    sessions = Session.objects.all()
    assert sessions.filter(starts_at__gte=moment).exists()
    assert sessions.filter(starts_at__lt=moment).exists()
    assert "Demo stories:" in capsys.readouterr().out

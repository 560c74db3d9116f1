from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from spil.dossier.models import Appointment, AppointmentStatus
from spil.testing import morning_of
from spil_dev.demo import scenario_appointments, scenario_intake
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    """Services read the clock; the stories are loaded for TODAY: both agree."""
    clock.move_to(morning_of(TODAY))


def test_demo_appointments_are_planned_once_in_the_future_on_workdays() -> None:
    load_demo_data(persons_per_municipality=6)
    scenario_intake.load(TODAY)  # gives people a trajectory
    first = scenario_appointments.load(TODAY)
    assert first["appointments_planned"] >= 4
    assert scenario_appointments.load(TODAY) == {"appointments_planned": 0}
    for appointment in Appointment.objects.all():
        assert appointment.status == AppointmentStatus.PLANNED
        local = appointment.starts_at.astimezone(scenario_appointments.AMSTERDAM)
        assert local.date() > TODAY and local.weekday() < 5

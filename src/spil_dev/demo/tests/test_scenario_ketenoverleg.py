from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from spil.accounts.models import User
from spil.ketenoverleg import queries
from spil.ketenoverleg.models import MeetingSeries
from spil.testing import morning_of
from spil_dev.demo import scenario_ketenoverleg, scenario_programmes
from spil_dev.demo.data import load_demo_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _the_clock_shows_today(clock: Any) -> None:
    clock.move_to(morning_of(TODAY))


def test_the_monthly_ketenoverleg_is_prepared_once_with_the_partners() -> None:
    load_demo_data(persons_per_municipality=6)
    scenario_programmes.load(TODAY)  # absences raise signals
    first = scenario_ketenoverleg.load(TODAY)
    assert first["chain_meetings_planned"] == 1
    assert first["chain_cases_proposed"] >= 1, first
    assert scenario_ketenoverleg.load(TODAY)["chain_meetings_planned"] == 0
    series = MeetingSeries.objects.get()
    meeting = series.meetings.get()
    assert meeting.starts_at.date() == date(2026, 12, 8)  # the second Tuesday
    assert set(series.participant_organisations.values_list("name", flat=True)) == set(
        scenario_ketenoverleg.PARTNERS
    )
    chair = User.objects.get(username=scenario_ketenoverleg.CHAIR)
    assert queries.visible_cases(meeting, chair).count() == first["chain_cases_proposed"]
    # The taalschool takes part: it sees the meeting.
    school = User.objects.get(username="taalschool")
    assert queries.meetings_for_user(school).filter(pk=meeting.pk).exists()

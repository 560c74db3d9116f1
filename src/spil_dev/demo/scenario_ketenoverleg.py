"""The demo's ketenoverleg: Gorinchem's monthly chain meeting (the second Tuesday) with the
taalschool, the re-integration company, welzijn and the COA, and its next meeting prepared
from the signals of the klantmanager's people. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

from spil.accounts.models import Organisation, User
from spil.ketenoverleg import queries, services
from spil.ketenoverleg.models import MeetingSeries

NAME = "Ketenoverleg Gorinchem"
MUNICIPALITY = "Gemeente Gorinchem"
CHAIR = "km.gorinchem"
PARTNERS = (
    "Taalschool De Brug",
    "Werkpad Re-integratie",
    "Welzijn Rivierenland",
    "COA locatie Gorinchem",
)
MAX_CASES = 8


def second_tuesday_from(today: date) -> date:
    """The first second-Tuesday-of-a-month after today."""
    month = today.replace(day=1)
    while True:
        first_tuesday = month + timedelta(days=(1 - month.weekday()) % 7)
        second = first_tuesday + timedelta(days=7)
        if second > today:
            return second
        month = (month + timedelta(days=32)).replace(day=1)


def load(today: date) -> dict[str, int]:
    if MeetingSeries.objects.filter(name=NAME).exists():
        return {"chain_meetings_planned": 0, "chain_cases_proposed": 0}
    chair = User.objects.get(username=CHAIR)
    series = services.create_series(
        chair,
        name=NAME,
        organisation=Organisation.objects.get(name=MUNICIPALITY),
        first_date=second_tuesday_from(today),
        start_time=time(9, 30),
        duration_minutes=90,
        location="Stadhuis Gorinchem, zaal De Merwede",
        participant_organisations=Organisation.objects.filter(name__in=PARTNERS),
    )
    meeting = services.ensure_next_meeting(series)
    proposed = [p.person.pk for p in queries.proposals(meeting, chair)][:MAX_CASES]
    cases = services.add_proposed_cases(chair, meeting, proposed)
    return {"chain_meetings_planned": 1, "chain_cases_proposed": len(cases)}

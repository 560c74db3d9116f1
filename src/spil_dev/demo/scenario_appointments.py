"""Demo appointments: the klantmanagers' next conversations with a third of their people
(progress meetings, home visits, an intake), some with an interpreter. Idempotent: people
who already have an appointment get no new one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from spil.core.calendar import next_workday
from spil.dossier import services as dossier
from spil.dossier.models import Appointment, ContactKind
from spil.persons.models import Person
from spil.trajectories.models import ACTIVE_STATUSES

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SLOTS = (time(9, 30), time(11, 0), time(13, 30), time(15, 0))
LOCATIONS = {
    ContactKind.PROGRESS: "Gemeentehuis, spreekkamer 2",
    ContactKind.HOME_VISIT: "",  # at home: the address is on the dossier
    ContactKind.INTAKE: "Gemeentehuis, spreekkamer 1",
}


def load(today: date) -> dict[str, int]:
    people = (
        Person.objects.filter(regisseur__isnull=False, trajectories__status__in=ACTIVE_STATUSES)
        .exclude(pk__in=Appointment.objects.values("person_id"))
        .select_related("regisseur")
        .distinct()
        .order_by("pk")
    )
    planned = 0
    for person in people:
        index = person.pk  # the same people every run: one in three
        if index % 3:
            continue
        assert person.regisseur is not None
        kind = (ContactKind.PROGRESS, ContactKind.HOME_VISIT, ContactKind.INTAKE)[index % 9 // 3]
        day = next_workday(today + timedelta(days=2 + index % 12))
        dossier.plan_appointment(
            person,
            actor=person.regisseur,
            kind=kind,
            starts_at=datetime.combine(day, SLOTS[index % len(SLOTS)], tzinfo=AMSTERDAM),
            duration_minutes=90 if kind == ContactKind.HOME_VISIT else 60,
            location=LOCATIONS[kind],
            interpreter_language=person.preferred_language if person.interpreter_needed else "",
        )
        planned += 1
    return {"appointments_planned": planned}

"""Demo story of peer coaches (ervaringsdeskundigen) at Welzijn Rivierenland: three coaches
who speak the newcomers' languages — Yonas (Tigrinya, Arabic; the `buddy` sign-in, paid),
Rania (Arabic, Kurmanji; paid) and Farid (Dari, Farsi; volunteer) — each assigned, with the
newcomer's consent, to a newcomer of Gorinchem who speaks their language; Yonas logged the
first session, the first bus trip and an appointment, so his hours and the month's statement
show them.

Idempotent: coaches are found by name, an assignment that runs is not made again, and the
activities are logged once. Everything goes through the services (processing records,
timeline lines), as in real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from spil.accounts.models import Organisation, User
from spil.core.week import DayPart, Moment
from spil.peercoaches import services
from spil.peercoaches.models import Assignment, CoachKind, Gender, PeerCoach
from spil.persons.models import Person

ORGANISATION = "Welzijn Rivierenland"
MUNICIPALITY = "Gemeente Gorinchem"
KLANTMANAGER = "km.gorinchem"


@dataclass(frozen=True)
class CoachSpec:
    name: str
    username: str | None
    languages: tuple[str, ...]
    gender: str
    kind: str
    rate: str
    days: tuple[str, ...]
    person_language: str  # the first newcomer of Gorinchem (by BSN) preferring this language


COACHES = (
    CoachSpec(
        "Yonas Tesfay",
        "buddy",
        ("tir", "ara"),
        Gender.MALE,
        CoachKind.PAID,
        "18.50",
        ("mon", "wed", "thu"),
        "tir",
    ),
    CoachSpec(
        "Rania Haddad",
        None,
        ("ara", "kmr"),
        Gender.FEMALE,
        CoachKind.PAID,
        "18.50",
        ("tue", "thu"),
        "ara",
    ),
    CoachSpec(
        "Farid Ahmadi",
        None,
        ("prs", "fas"),
        Gender.MALE,
        CoachKind.VOLUNTEER,
        "0",
        ("fri", "sat"),
        "prs",
    ),
)
# What Yonas did with his newcomer: (days after the start, kind, minutes)
ACTIVITIES = ((1, "first_session", 150), (4, "public_transport", 90), (9, "appointment", 60))


def _coach(spec: CoachSpec, organisation: Organisation, actor: User) -> PeerCoach:
    coach = PeerCoach.objects.filter(display_name=spec.name).first()
    if coach is not None:
        return coach
    user = User.objects.filter(username=spec.username).first() if spec.username else None
    return services.save_coach(
        actor,
        PeerCoach(
            organisation=organisation,
            user=user,
            display_name=spec.name,
            phone="06 1234 5678",
            languages=list(spec.languages),
            gender=spec.gender,
            availability=[
                int(DayPart.of(day, moment))
                for day in spec.days
                for moment in (Moment.MORNING, Moment.AFTERNOON)
            ],
            kind=spec.kind,
            hourly_rate=Decimal(spec.rate),
        ),
    )


def load(today: date) -> dict[str, int]:
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    actor = User.objects.filter(username=KLANTMANAGER).first()
    if organisation is None or actor is None:
        return {"peer_coach_assignments": 0}
    made = 0
    started = today - timedelta(days=14)
    for spec in COACHES:
        coach = _coach(spec, organisation, actor)
        person = (
            Person.objects.filter(
                municipality__name=MUNICIPALITY,
                bsn__startswith="999",
                preferred_language=spec.person_language,
            )
            .order_by("bsn")
            .first()
        )
        if person is None or Assignment.objects.filter(coach=coach, person=person).exists():
            continue
        assignment = services.assign(
            actor,
            person,
            coach,
            consent_how="interpreter" if person.interpreter_needed else "in_person",
            started_on=started,
            reason="Meegaan naar de eerste MAP-les, de eerste busrit en afspraken.",
        )
        made += 1
        if coach.user is not None:
            for days, kind, minutes in ACTIVITIES:
                services.log_activity(
                    coach.user,
                    assignment,
                    on=min(started + timedelta(days=days), today),
                    kind=kind,
                    minutes=minutes,
                )
    return {"peer_coach_assignments": made}

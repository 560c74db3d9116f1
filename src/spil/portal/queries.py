"""Reads for the portal: always about the signed-in newcomer, who is the only person each
function is given. The views write the processing record for every page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone, translation

from spil.accounts.models import User
from spil.agenda import queries as agenda_queries
from spil.agenda.queries import AgendaItem
from spil.audit.models import ProcessingRecord
from spil.audit.purposes import ProcessingAction, Purpose
from spil.audit.queries import acted_as_newcomer, records_about_person
from spil.core.calendar import TZ
from spil.core.newcomer_texts import newcomer_gettext
from spil.dossier import queries as dossier_queries
from spil.dossier.models import Appointment
from spil.persons import queries as person_queries
from spil.persons.models import AccessBasis, Person
from spil.placements import queries as placement_queries
from spil.plans import documents as plan_documents
from spil.plans import queries as plan_queries
from spil.portal.texts import ACTION_TEXTS, CATEGORY_TEXTS, PURPOSE_TEXTS
from spil.programmes import queries as programme_queries
from spil.programmes.models import Attendance, Session
from spil.trajectories.queries import current_trajectory

AHEAD = timedelta(days=365)
#: The agenda page shows this far ahead (a light page on a phone); the iCal link has the year.
AGENDA_AHEAD = timedelta(weeks=12)


def _start_of_today() -> datetime:
    return datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=TZ)


@dataclass
class Home:
    next_session: Session | None
    next_session_mark: Attendance | None
    next_appointment: Appointment | None
    client_manager: User | None


def home(person: Person) -> Home:
    now = timezone.now()
    sessions = agenda_queries.person_sessions(person, now, now + AHEAD, limit=1)
    session = sessions[0] if sessions else None
    marks = programme_queries.own_attendance(person, [session.pk]) if session else {}
    appointments = dossier_queries.upcoming_appointments(person.pk, timezone.localdate())[:1]
    return Home(
        next_session=session,
        next_session_mark=marks.get(session.pk) if session else None,
        next_appointment=appointments[0] if appointments else None,
        client_manager=person.regisseur,
    )


def plan(person: Person, language: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The established PIP's summary in `language` and in Dutch; None without one."""
    version = plan_queries.established(person)
    if version is None:
        return None
    return (
        plan_documents.summary_context(version, language),
        plan_documents.summary_context(version, "nl"),
    )


@dataclass
class AgendaRow:
    session: Session
    mark: Attendance | None
    can_cancel: bool


@dataclass
class Agenda:
    sessions: list[AgendaRow] = field(default_factory=list)
    other: list[AgendaItem] = field(default_factory=list)


def agenda(person: Person, language: str) -> Agenda:
    """Sessions of the person's groups in the next twelve weeks, with their own marks, and
    their appointments and placement days (in the staff catalogue closest to `language`)."""
    now = timezone.now()
    sessions = agenda_queries.person_sessions(person, _start_of_today(), now + AGENDA_AHEAD)
    marks = programme_queries.own_attendance(person, [s.pk for s in sessions])
    rows = [AgendaRow(s, marks.get(s.pk), s.starts_at > now) for s in sessions]
    today = timezone.localdate()
    interface = language if language in {"nl", "en", "ar"} else "nl"
    with translation.override(interface):
        other = agenda_queries.person_items(person, today, today + AGENDA_AHEAD)
    other.sort(key=lambda item: (item.day, item.at[0] if item.at else datetime.min.time()))
    return Agenda(rows, other)


def own_session(person: Person, session_id: int) -> Session | None:
    return programme_queries.own_session(person, session_id)


def people(person: Person) -> list[tuple[str, User]]:
    """(role key in the portal texts, user) of everyone who helps the person."""
    found: list[tuple[str, User]] = []
    if person.regisseur is not None:
        found.append(("client_manager", person.regisseur))
    found += [("trainer", trainer) for trainer in programme_queries.trainers_of(person)]
    for role, member in placement_queries.running_team(person):
        found.append(("job_coach" if role == "job_coach" else "buddy", member))
    return found


def contact_of(user: User) -> dict[str, str]:
    memberships = user.current_memberships()
    return {
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "organisation": memberships[0].organisation.name if memberships else "",
    }


@dataclass
class LogLine:
    when: datetime
    who: str
    what: str
    why: str


def processing_log(person: Person, language: str) -> list[LogLine]:
    """The processing log about the person, in plain words in their language."""

    def t(msgid: str) -> str:
        return newcomer_gettext(language, msgid)

    lines: list[LogLine] = []
    for record in records_about_person(person.pk):
        lines.append(
            LogLine(
                when=record.tijdstip,
                who=_who(record, person, t),
                what=t(ACTION_TEXTS.get(record.handeling, ACTION_TEXTS[ProcessingAction.VIEW])),
                why=t(PURPOSE_TEXTS.get(record.purpose_code, PURPOSE_TEXTS[Purpose.REGIE])),
            )
        )
    return lines


def _who(record: ProcessingRecord, person: Person, t: Any) -> str:
    if acted_as_newcomer(record, person.pk):
        return str(t("You"))
    if record.actor is not None:
        name = record.actor.get_full_name() or record.actor.username
        return f"{name} ({record.organisation.name})" if record.organisation else name
    if record.actor_label:
        return record.actor_label
    if record.organisation is not None:
        return record.organisation.name
    return str(t("Spil itself (automatic)"))


def held_data(person: Person) -> dict[str, Any]:
    """What Spil holds about the person: their details, trajectory, plan, groups and
    marks, placements' team and the processing log — the right of access (AVG art. 15)."""
    trajectory = current_trajectory(person.pk)
    version = plan_queries.established(person)
    now = timezone.now()
    sessions = agenda_queries.person_sessions(person, now - timedelta(days=3650), now + AHEAD)
    marks = programme_queries.own_attendance(person, [s.pk for s in sessions])
    return {
        "person": {
            "given_names": person.given_names,
            "family_name": person.family_name,
            "bsn": person.bsn,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "country_of_origin": person.country_of_origin,
            "languages": person.languages,
            "preferred_language": person.preferred_language,
            "phone": person.phone,
            "email": person.email,
            "address": {"street": person.street, "postcode": person.postcode, "city": person.city},
            "municipality": person.municipality.name,
            "household": [
                {
                    "relation": member.relation,
                    "name": member.name,
                    "date_of_birth": member.date_of_birth.isoformat()
                    if member.date_of_birth
                    else None,
                }
                for member in person.household.all()
            ],
        },
        "trajectory": None
        if trajectory is None
        else {
            "status": trajectory.status,
            "leerroute": trajectory.leerroute,
            "plicht_start": trajectory.plicht_start.isoformat()
            if trajectory.plicht_start
            else None,
            "termijn_start": trajectory.termijn_start.isoformat()
            if trajectory.termijn_start
            else None,
        },
        "plan": None
        if version is None
        else {
            "version": version.number,
            "leerroute": version.leerroute,
            "niveau": version.niveau,
            "dagtekening": version.dagtekening.isoformat() if version.dagtekening else None,
            "components": [
                {
                    "kind": c.kind,
                    "provider": c.provider,
                    "hours_per_week": str(c.hours_per_week),
                    "start": c.start.isoformat() if c.start else None,
                    "end": c.end.isoformat() if c.end else None,
                }
                for c in version.components.all()
            ],
        },
        "sessions": [
            {
                "group": s.group.name,
                "starts_at": s.starts_at.isoformat(),
                "attendance": marks[s.pk].status if s.pk in marks else None,
                "reason": marks[s.pk].reason if s.pk in marks else "",
            }
            for s in sessions
        ],
        "people": [{"role": role, **contact_of(user)} for role, user in people(person)],
        "processing_log": [
            {
                "time": record.tijdstip.isoformat(),
                "action": record.handeling,
                "purpose": record.purpose_code,
                "legal_ground": record.legal_ground,
                "organisation": record.organisation.name if record.organisation else "",
                "by_you": acted_as_newcomer(record, person.pk),
                "data_categories": record.data_categories,
            }
            for record in records_about_person(person.pk, limit=1000)
        ],
    }


@dataclass
class Bar:
    """One progress bar: `done` of `required`, in words and as a bar."""

    key: str
    done: float
    required: float

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 0
        return min(100, round(100 * self.done / self.required))


@dataclass
class Progress:
    bars: list[Bar]
    themes_done: tuple[str, ...]
    themes_required: tuple[str, ...]
    map_eindgesprek: Any
    pvt_signed: Any
    levels: list[tuple[str, str]]


def progress(person: Person) -> Progress:
    """Hours toward MAP, PVT and (on the Z-route) 800 + 800, themes, results and levels."""
    overview = programme_queries.own_progress(person)
    summary = overview.summary
    bars = [
        Bar("map_hours", summary.map.practice_hours_done, summary.map.practice_hours_required),
        Bar(
            "map_themes",
            len(summary.map.themes_done),
            len(summary.map.themes_required),
        ),
        Bar("pvt_hours", float(summary.pvt_hours), summary.pvt_required),
    ]
    if overview.show_zroute:
        bars += [
            Bar("z_language", summary.zroute.language_done, summary.zroute.language_required),
            Bar(
                "z_participation",
                summary.zroute.participation_done,
                summary.zroute.participation_required,
            ),
        ]
    levels = programme_queries.latest_language_levels(person)
    order = ("reading", "writing", "listening", "speaking")
    return Progress(
        bars=bars,
        themes_done=summary.map.themes_done,
        themes_required=summary.map.themes_required,
        map_eindgesprek=summary.map_eindgesprek,
        pvt_signed=summary.pvt_signed,
        levels=[(f"skill_{skill}", levels[skill].level) for skill in order if skill in levels],
    )


# --------------------------------------------------------------------------- sharing


@dataclass
class SharingLine:
    basis: AccessBasis
    organisation: str
    why: str
    data: list[str]
    hired: bool


@dataclass
class Sharing:
    active: list[SharingLine]
    asked: list[SharingLine]


def sharing(person: Person, language: str) -> Sharing:
    """Who may see the newcomer's data and why, and what they are asked to agree to:
    the same bases the klantmanager sees, in plain words."""

    def t(msgid: str) -> str:
        return newcomer_gettext(language, msgid)

    def line(basis: AccessBasis) -> SharingLine:
        categories = (
            person_queries.effective_categories([basis])
            if basis.given_at
            else frozenset(basis.data_categories)
        )
        return SharingLine(
            basis=basis,
            organisation=basis.organisation.name,
            why=t(PURPOSE_TEXTS.get(basis.purpose, PURPOSE_TEXTS[Purpose.REGIE])),
            data=[t(CATEGORY_TEXTS[c]) for c in sorted(categories) if c in CATEGORY_TEXTS],
            hired=basis.agreement_id is not None,
        )

    active = (
        person_queries.active_bases_on()
        .filter(person=person)
        .select_related("organisation", "agreement")
    )
    asked = person_queries.open_consent_requests(person)
    return Sharing(active=[line(b) for b in active], asked=[line(b) for b in asked])


def own_basis(person: Person, basis_id: int) -> AccessBasis | None:
    """One of the newcomer's own bases (never another person's)."""
    return person_queries.bases_of(person).filter(pk=basis_id).first()

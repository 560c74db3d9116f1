"""Reads of the agenda: what a feed holds, as iCalendar.

A person's feed combines three apps: the sessions of their groups (``programmes``), their
placement days, introduction and check-ins (``placements``), and their planned appointments
and the PIP's progress meetings (``dossier``, ``plans`` through ``programmes.pip_plan``). A
trainer's feed has the sessions of the groups they train. Each app is read through its own
queries; the feed itself never names a BSN, notes or an interpreter's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spil.accounts.models import User
from spil.core.calendar import TZ
from spil.core.newcomer_texts import interface_language
from spil.core.week import DayPart
from spil.dossier import queries as dossier_queries
from spil.persons.models import Person
from spil.placements import queries as placement_queries
from spil.programmes import pip_plan
from spil.programmes import queries as programme_queries
from spil.programmes.models import CalendarFeed, Session, feed_token_hash

FEED_AHEAD = timedelta(days=365)


def active_feed(*, person: Person | None = None, user: User | None = None) -> CalendarFeed | None:
    """The feed of a person or a user that still works, if any (without its token)."""
    return CalendarFeed.objects.filter(
        person=person, user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed behind a secret URL; None when unknown, revoked or expired."""
    return CalendarFeed.objects.filter(
        token_hash=feed_token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def trainer_sessions(user: User, since: datetime) -> list[Session]:
    """The next sessions (at most 20) of the groups a trainer trains, for their agenda page."""
    sessions = programme_queries.agenda_sessions(trainer_id=user.pk)
    return list(sessions.filter(starts_at__gte=since).order_by("starts_at")[:20])


def feed_sessions(feed: CalendarFeed) -> list[Session]:
    since = timezone.now() - timedelta(days=90)
    if feed.person_id is not None:
        sessions = programme_queries.agenda_sessions(person_id=feed.person_id)
    else:
        sessions = programme_queries.agenda_sessions(trainer_id=feed.user_id)
    return list(sessions.filter(starts_at__gte=since))


def daypart_times(setting: str | None = None) -> dict[int, tuple[time, time]]:
    """Clock times of the morning (0), afternoon (1) and evening (2) day-parts, from
    SPIL_DAYPART_TIMES ("09:00-12:30,13:00-17:00,18:30-21:30"): offers name day-parts,
    the agenda needs hours."""
    text = setting if setting is not None else settings.SPIL_DAYPART_TIMES
    parts = [p.strip() for p in text.split(",")]
    try:
        spans = [tuple(time.fromisoformat(t) for t in p.split("-")) for p in parts]
    except ValueError:
        spans = []
    if len(spans) != 3 or any(len(s) != 2 or s[0] >= s[1] for s in spans):
        raise ImproperlyConfigured(
            "SPIL_DAYPART_TIMES needs three ranges HH:MM-HH:MM (morning, afternoon, evening), "
            f"each ending after it starts; got {text!r}"
        )
    return {i: (span[0], span[1]) for i, span in enumerate(spans)}


@dataclass(frozen=True)
class AgendaItem:
    """One event in a person's agenda besides group sessions; all-day when ``at`` is None."""

    uid: str
    day: date
    summary: str
    location: str = ""
    at: tuple[time, time] | None = None


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TZ)


def _placement_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    times = daypart_times()
    for day, daypart, kind, placement in placement_queries.placement_agenda(person, start, end):
        offer = placement.offer
        where = offer.location.name if offer.location is not None else ""
        employer = offer.employer.name
        if kind == "work" and daypart is not None:
            items.append(
                AgendaItem(
                    uid=f"placement-{placement.pk}-{day:%Y%m%d}-{daypart}@spil",
                    day=day,
                    summary=_("Work: %(title)s (%(employer)s)")
                    % {"title": offer.title, "employer": employer},
                    location=where,
                    at=times[DayPart(daypart).moment.number],
                )
            )
            continue
        summary = {
            "introduction": _("Introduction at %(employer)s"),
            "aftercare": _("Aftercare check-in: %(employer)s"),
        }.get(kind, _("Check-in on the placement: %(employer)s")) % {"employer": employer}
        items.append(
            AgendaItem(
                uid=f"placement-{placement.pk}-{kind}-{day:%Y%m%d}@spil",
                day=day,
                summary=summary,
                location=where,
            )
        )
    return items


def _appointment_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    """Appointments planned from today on (timed, local time), and the PIP's progress
    meetings. Only kind, time and location: never notes or the interpreter's language."""
    items: list[AgendaItem] = []
    today = max(start, timezone.localdate())
    for appointment in dossier_queries.upcoming_appointments(person.pk, today, end):
        begins = appointment.starts_at.astimezone(TZ)
        ends = (appointment.starts_at + timedelta(minutes=appointment.duration_minutes)).astimezone(
            TZ
        )
        items.append(
            AgendaItem(
                uid=f"appointment-{appointment.pk}@spil",
                day=begins.date(),
                summary=_("Appointment: %(kind)s") % {"kind": appointment.get_kind_display()},
                location=appointment.location,
                at=(begins.time(), ends.time() if ends.date() == begins.date() else time(23, 59)),
            )
        )
    pip = pip_plan.read_pip(person)
    if pip is not None:
        for day in pip.progress_meetings(today, end):
            items.append(
                AgendaItem(
                    uid=f"pip-{pip.version_id}-progress-{day:%Y%m%d}@spil",
                    day=day,
                    summary=_("PIP progress meeting"),
                )
            )
    return items


def _milestone_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    """The milestones of the person's week plans (showtime, an eindgesprek), in their week:
    on the Monday, as an all-day item, until checked off."""
    return [
        AgendaItem(
            uid=f"milestone-{milestone.pk}@spil",
            day=milestone.due_on,
            summary=_("Milestone: %(name)s") % {"name": milestone.name},
        )
        for milestone in programme_queries.open_milestones(person, start, end)
    ]


def person_language(person: Person) -> str:
    """The interface language closest to the person's own (for their agenda feed)."""
    available = {code for code, _name in settings.LANGUAGES}
    return interface_language(person.preferred_language, available, settings.LANGUAGE_CODE)


def person_items(person: Person, start: date, end: date) -> list[AgendaItem]:
    """A person's placement days, appointments, PIP progress meetings and programme
    milestones from `start` to
    `end`, in the active language. Internal read for the person's own agenda (the feed,
    the portal): the caller owns the processing record."""
    return (
        _placement_items(person, start, end)
        + _appointment_items(person, start, end)
        + _milestone_items(person, start, end)
    )


def person_sessions(
    person: Person, since: datetime, until: datetime, *, limit: int | None = None
) -> list[Session]:
    """The sessions of a person's groups from `since` to `until`, earliest first (the
    first `limit` of them when given)."""
    sessions = programme_queries.agenda_sessions(person_id=person.pk)
    ordered = sessions.filter(starts_at__gte=since, starts_at__lt=until).order_by("starts_at")
    return list(ordered[:limit] if limit is not None else ordered)


def feed_items(feed: CalendarFeed) -> list[AgendaItem]:
    """A person's placement hours and appointments (a trainer's feed has only sessions)."""
    if feed.person_id is None:
        return []
    person = Person.objects.get(pk=feed.person_id)
    start = (timezone.now() - timedelta(days=90)).date()
    end = timezone.localdate() + FEED_AHEAD
    with translation.override(person_language(person)):
        return person_items(person, start, end)


def feed_ical(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar: local times with a TZID (Europe/Amsterdam) and its VTIMEZONE,
    so agenda apps show the right hour on both sides of the daylight-saving change.
    Planned appointments are timed; check-ins and progress meetings (no time) are all-day
    events."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Spil//programmes//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Spil")
    stamp = datetime.now(UTC)
    for session in feed_sessions(feed):
        event = Event()
        event.add("uid", f"session-{session.pk}@spil")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(TZ))
        event.add("dtend", session.ends_at.astimezone(TZ))
        summary = session.group.name
        if session.topic:
            summary = f"{summary}: {session.topic}"
        event.add("summary", summary)
        event.add("location", session.group.location)
        cal.add_component(event)
    for item in feed_items(feed):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.at is None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            event.add("dtstart", _aware(item.day, item.at[0]))
            event.add("dtend", _aware(item.day, item.at[1]))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())

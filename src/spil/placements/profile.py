"""What matching needs to know about a newcomer, read from the apps that own it.

* Ambitions (dream job, plan B, plan C as ESCO occupations), CEFR speaking and listening
  and work history belong to the intake: ``spil.intake.queries.matching_profile(person)``
  returns a mapping with the keys of :class:`CandidateProfile` (ESCO URIs for the
  ambitions, ``(ESCO URI, years)`` pairs for experience, CEFR names such as ``"A2"``,
  optionally ``transport`` and ``max_travel_minutes``; any key may be missing, and the
  mapping is empty without an intake).
* The week (free day-parts, hours left besides lessons and groups) belongs to the
  programmes: ``spil.programmes.queries.week_for(person)`` returns
  ``{"free_dayparts": <day-part numbers>, "hours_available": float}``, or None when the
  person has no plan and no group yet.

What neither knows falls back to plain defaults: no ambitions (the occupation part scores
0, nobody is excluded), A0, weekday mornings and afternoons, 32 hours, by bike at most 45
minutes. Both reads are internal: the page that shows the result writes the processing
record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from spil.core.week import WEEKDAY_DAYTIME, DayPart
from spil.intake.queries import matching_profile
from spil.placements.scoring import CEFR, Transport
from spil.programmes.queries import week_for

if TYPE_CHECKING:
    from spil.persons.models import Person

DEFAULT_HOURS_AVAILABLE = 32.0
DEFAULT_TRANSPORT = Transport.BIKE
DEFAULT_MAX_TRAVEL_MINUTES = 45


@dataclass(frozen=True)
class CandidateProfile:
    """A newcomer's wishes and practical situation, as far as matching may use them."""

    dream_job: str | None = None  # ESCO conceptUri
    plan_b: str | None = None
    plan_c: str | None = None
    experience: tuple[tuple[str, float], ...] = ()  # (ESCO conceptUri, years)
    speaking: CEFR = CEFR.A0
    listening: CEFR = CEFR.A0
    free_dayparts: frozenset[DayPart] = WEEKDAY_DAYTIME
    hours_available: float = DEFAULT_HOURS_AVAILABLE
    transport: Transport = DEFAULT_TRANSPORT
    max_travel_minutes: int = DEFAULT_MAX_TRAVEL_MINUTES
    source: str = "none"  # "intake" | "none"
    week_source: str = "default"  # "programmes" | "default"

    @property
    def has_ambitions(self) -> bool:
        return any((self.dream_job, self.plan_b, self.plan_c))


def cefr(value: object) -> CEFR | None:
    """A CEFR level from a name ("A2", "0" for no Dutch yet) or a number; C2 counts as C1
    (the highest level an offer can require). None when not assessed or not a level."""
    if isinstance(value, CEFR):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return CEFR(min(max(value, 0), CEFR.C1))
    text = str(value or "").strip().upper()
    if text in {"0", "A0"}:
        return CEFR.A0
    if text == "C2":
        return CEFR.C1
    return CEFR[text] if text in CEFR.__members__ else None


def _experience(pairs: Iterable[Any]) -> tuple[tuple[str, float], ...]:
    return tuple((str(uri), float(years or 0)) for uri, years in pairs if uri)


def _from_mapping(base: CandidateProfile, data: Mapping[str, Any]) -> CandidateProfile:
    changes: dict[str, Any] = {}
    for key in ("dream_job", "plan_b", "plan_c"):
        if key in data:
            changes[key] = data[key] or None
    if "experience" in data:
        changes["experience"] = _experience(data["experience"] or ())
    for key in ("speaking", "listening"):
        level = cefr(data.get(key))
        if level is not None:
            changes[key] = level
    if str(data.get("transport") or "") in {t.value for t in Transport}:
        changes["transport"] = Transport(str(data["transport"]))
    minutes = data.get("max_travel_minutes")
    if isinstance(minutes, int | float) and minutes > 0:
        changes["max_travel_minutes"] = int(minutes)
    return replace(base, **changes)


def _with_week(base: CandidateProfile, week: Mapping[str, Any] | None) -> CandidateProfile:
    if not week:
        return base
    return replace(
        base,
        free_dayparts=frozenset(DayPart(int(d)) for d in week.get("free_dayparts", ())),
        hours_available=float(week.get("hours_available", base.hours_available)),
        week_source="programmes",
    )


def profile_for(person: Person) -> CandidateProfile:
    """The matching profile of `person`: the intake's ambitions, language and work history,
    the programmes' week, defaults for what is not known."""
    data = matching_profile(person)
    profile = _from_mapping(CandidateProfile(source="intake"), data) if data else CandidateProfile()
    return _with_week(profile, week_for(person))

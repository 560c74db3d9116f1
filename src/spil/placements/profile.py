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

* Language-school results recorded later (``spil.programmes.queries.latest_language_levels``)
  replace the intake's level of a skill when they are newer than the intake: matching uses
  the latest CEFR result and says which one (``speaking_source``, ``listening_source``).
* A newcomer who needs childcare is only free in the day-parts childcare covers
  (``childcare_dayparts``; a hard rule in the scoring).

What neither knows falls back to plain defaults: no ambitions (the occupation part scores
0, nobody is excluded), A0, weekday mornings and afternoons, 32 hours, by bike at most 45
minutes (``travel_source`` says "default"). The reads are internal: the page that shows
the result writes the processing record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from spil.core.week import WEEKDAY_DAYTIME, DayPart
from spil.intake.queries import matching_profile
from spil.placements.scoring import CEFR, Transport
from spil.programmes.queries import latest_language_levels, week_for

if TYPE_CHECKING:
    from spil.persons.models import Person

DEFAULT_HOURS_AVAILABLE = 32.0
DEFAULT_TRANSPORT = Transport.BIKE
DEFAULT_MAX_TRAVEL_MINUTES = 45


@dataclass(frozen=True)
class LevelSource:
    """Where a CEFR level comes from: the intake, a language-school result, or the default."""

    kind: str = "default"  # "intake" | "result" | "default"
    on: date | None = None
    provider: str = ""

    def describe(self) -> str:
        """English, as the score's details are (the page labels it)."""
        if self.kind == "result":
            by = f" by {self.provider}" if self.provider else ""
            return f"language result of {self.on.isoformat() if self.on else '?'}{by}"
        if self.kind == "intake":
            return f"intake of {self.on.isoformat()}" if self.on else "intake"
        return "not assessed (A0 assumed)"


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
    #: day-parts childcare covers for a newcomer who needs it; None = no childcare needed
    childcare_dayparts: frozenset[DayPart] | None = None
    source: str = "none"  # "intake" | "none"
    week_source: str = "default"  # "programmes" | "default"
    travel_source: str = "default"  # "intake" | "default"
    speaking_source: LevelSource = LevelSource()
    listening_source: LevelSource = LevelSource()

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
    assessed = _day(data.get("assessed_on"))
    for key in ("speaking", "listening"):
        level = cefr(data.get(key))
        if level is not None:
            changes[key] = level
            changes[f"{key}_source"] = LevelSource("intake", assessed)
    if str(data.get("transport") or "") in {t.value for t in Transport}:
        changes["transport"] = Transport(str(data["transport"]))
        changes["travel_source"] = "intake"
    minutes = data.get("max_travel_minutes")
    if isinstance(minutes, int | float) and minutes > 0:
        changes["max_travel_minutes"] = int(minutes)
        changes["travel_source"] = "intake"
    if "childcare_dayparts" in data:
        codes = data["childcare_dayparts"] or ()
        changes["childcare_dayparts"] = frozenset(
            DayPart.from_code(str(code)) for code in codes if _valid_daypart(str(code))
        )
    return replace(base, **changes)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _valid_daypart(code: str) -> bool:
    try:
        DayPart.from_code(code)
    except ValueError:
        return False
    return True


def _with_results(base: CandidateProfile, person: Person) -> CandidateProfile:
    """A language-school result newer than the intake's level replaces it, per skill."""
    changes: dict[str, Any] = {}
    latest = latest_language_levels(person)
    for key in ("speaking", "listening"):
        result = latest.get(key)
        level = cefr(result.level) if result is not None else None
        if result is None or level is None:
            continue
        current: LevelSource = getattr(base, f"{key}_source")
        if current.kind == "intake" and current.on is not None and current.on > result.on:
            continue
        changes[key] = level
        provider = result.provider.name if result.provider_id and result.provider else ""
        changes[f"{key}_source"] = LevelSource("result", result.on, provider)
    return replace(base, **changes) if changes else base


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
    return _with_week(_with_results(profile, person), week_for(person))

"""Explainable candidate-offer fit scoring for work placements ("wish first, then the employer").

Django-free (the week's day-parts come from ``spil.core.week``, plain enums with lazy
labels). Inputs are plain, typed dataclasses; the output of :func:`explain` is a
:class:`ScoreExplanation` whose integer part points sum exactly to the total (0..1000).

Two code paths share the same constants and formulas:

* :func:`explain` scores one pair in plain Python and says *why* (used for ranking lists
  shown to a job coach);
* :func:`build_edges` scores many pairs at once with numpy, prunes with the hard rules only,
  and uses conservative spatial bucketing so it never drops a feasible pair (used by the
  region-wide assignment). Tests assert that both paths agree.

No protected characteristics (gender, nationality, country of origin, religion, age, ...)
exist in :class:`Candidate` or :class:`Offer`, so they cannot enter the score.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, Final, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from spil.core.travel import (
    EARTH_RADIUS_KM,
    TRAVEL_MODES,
    Geo,
    Transport,
    TravelMode,
    data_dir,
    default_geo,
    haversine_km,
    normalize_pc4,
    reach_km,
    travel_minutes,
)
from spil.core.travel import (
    PC4_PATTERN as _PC4_RE,
)
from spil.core.week import WEEKDAY_DAYTIME, DayPart

__all__ = [
    "EARTH_RADIUS_KM",
    "TRAVEL_MODES",
    "Geo",
    "Transport",
    "TravelMode",
    "data_dir",
    "default_geo",
    "haversine_km",
    "normalize_pc4",
    "reach_km",
    "travel_minutes",
]

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------


class CEFR(IntEnum):
    """Common European Framework level per skill; A0 = no Dutch yet."""

    A0 = 0
    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5


class OfferType(StrEnum):
    LEERWERKPLEK = "leerwerkplek"
    STAGE = "stage"
    WERKERVARINGSPLAATS = "werkervaringsplaats"
    VRIJWILLIGERSWERK = "vrijwilligerswerk"
    BETAALDE_BAAN = "betaalde_baan"
    BBL = "bbl"


def dayparts_mask(dayparts: Iterable[DayPart]) -> int:
    """Bit mask (bit i = DayPart(i)) used by the vectorised path."""
    mask = 0
    for dp in dayparts:
        mask |= 1 << int(dp)
    return mask


class AmbitionRank(IntEnum):
    DREAM_JOB = 0
    PLAN_B = 1
    PLAN_C = 2


class MatchLevel(IntEnum):
    """How close two occupations are: same ESCO concept down to same ISCO major group."""

    NONE = 0
    ISCO_MAJOR = 1  # 1 digit
    ISCO_SUB_MAJOR = 2  # 2 digits
    ISCO_MINOR = 3  # 3 digits
    ISCO_UNIT = 4  # 4 digits (unit group)
    ESCO = 5  # same ESCO occupation concept


_ISCO_RE: Final = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Occupation:
    """An ESCO occupation concept (optional) with its ISCO-08 unit group (4 digits)."""

    isco_code: str
    esco_uri: str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not _ISCO_RE.match(self.isco_code):
            raise ValueError(f"ISCO code must have 4 digits, got {self.isco_code!r}")

    def describe(self) -> str:
        return self.label or self.esco_uri or f"ISCO {self.isco_code}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Experience:
    occupation: Occupation
    years: float

    def __post_init__(self) -> None:
        if self.years < 0 or not math.isfinite(self.years):
            raise ValueError("years of experience must be a finite number >= 0")


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A newcomer looking for a placement. Deliberately holds no protected characteristics."""

    id: str
    dream_job: Occupation | None = None
    plan_b: Occupation | None = None
    plan_c: Occupation | None = None
    experience: tuple[Experience, ...] = ()
    speaking: CEFR = CEFR.A0
    listening: CEFR = CEFR.A0
    free_dayparts: frozenset[DayPart] = WEEKDAY_DAYTIME
    hours_available: float = 0.0
    home_pc4: str | None = None
    transport: Transport = Transport.BIKE
    max_travel_minutes: int = 30
    #: day-parts childcare covers, for a newcomer who needs childcare; None = no need
    childcare_dayparts: frozenset[DayPart] | None = None
    #: where the levels and the travel wishes come from, named in the explanation only
    speaking_source: str = ""
    listening_source: str = ""
    travel_source: str = "intake"  # "intake" | "default" (assumed, not recorded)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("candidate id is required")
        if self.hours_available < 0 or not math.isfinite(self.hours_available):
            raise ValueError("hours_available must be a finite number >= 0")
        if self.max_travel_minutes < 0:
            raise ValueError("max_travel_minutes must be >= 0")
        if self.home_pc4 is not None and not _PC4_RE.match(self.home_pc4):
            raise ValueError(
                f"home_pc4 must be 4 digits or None (use normalize_pc4): {self.home_pc4!r}"
            )

    @property
    def ambitions(self) -> tuple[tuple[AmbitionRank, Occupation], ...]:
        pairs = (
            (AmbitionRank.DREAM_JOB, self.dream_job),
            (AmbitionRank.PLAN_B, self.plan_b),
            (AmbitionRank.PLAN_C, self.plan_c),
        )
        return tuple((rank, occ) for rank, occ in pairs if occ is not None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """A placement offered by an employer (or volunteering organisation)."""

    id: str
    type: OfferType
    occupation: Occupation
    hours_per_week: float
    dayparts: frozenset[DayPart] = frozenset()  # empty = flexible (any day-part)
    required_speaking: CEFR = CEFR.A0
    required_listening: CEFR = CEFR.A0
    places: int = 1
    location_pc4: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("offer id is required")
        if self.hours_per_week < 0 or not math.isfinite(self.hours_per_week):
            raise ValueError("hours_per_week must be a finite number >= 0")
        if self.places < 0:
            raise ValueError("places must be >= 0")
        if self.location_pc4 is not None and not _PC4_RE.match(self.location_pc4):
            raise ValueError(f"location_pc4 must be 4 digits or None: {self.location_pc4!r}")


# --------------------------------------------------------------------------------------
# Model constants (documented in MATCHING.md)
# --------------------------------------------------------------------------------------

SCALE: Final = 1000  # integer score scale: total in 0..SCALE

#: value of an occupation match per level (strictly decreasing from ESCO to ISCO major)
LEVEL_VALUE: Final[Mapping[MatchLevel, float]] = {
    MatchLevel.ESCO: 1.0,
    MatchLevel.ISCO_UNIT: 0.75,
    MatchLevel.ISCO_MINOR: 0.5,
    MatchLevel.ISCO_SUB_MAJOR: 0.25,
    MatchLevel.ISCO_MAJOR: 0.1,
    MatchLevel.NONE: 0.0,
}
#: dream job counts fully, plan B and plan C progressively less ("wish first")
AMBITION_FACTOR: Final[Mapping[AmbitionRank, float]] = {
    AmbitionRank.DREAM_JOB: 1.0,
    AmbitionRank.PLAN_B: 0.8,
    AmbitionRank.PLAN_C: 0.6,
}
#: effective years (years x level value) at which the experience part is full
EXPERIENCE_FULL_YEARS: Final = 3.0
#: language value per skill by how many CEFR levels the candidate is short
LANGUAGE_SKILL_VALUE: Final[Mapping[int, float]] = {0: 1.0, 1: 0.5}
#: from this many levels short (in speaking or listening) the pair is infeasible
LANGUAGE_HARD_SHORTFALL: Final = 2
#: travel part when the travel time cannot be estimated (no or unknown postcode)
TRAVEL_UNKNOWN_VALUE: Final = 0.5
#: tolerance for float comparisons in hard rules (identical in both code paths)
EPS: Final = 1e-9


@dataclass(frozen=True, slots=True)
class Weights:
    """Weight of each score part; non-negative and summing to 1."""

    occupation: float = 0.40
    experience: float = 0.10
    language: float = 0.15
    dayparts: float = 0.10
    hours: float = 0.10
    travel: float = 0.15

    def __post_init__(self) -> None:
        values = self.as_dict().values()
        if any(v < 0 or not math.isfinite(v) for v in values):
            raise ValueError("weights must be finite and >= 0")
        if abs(sum(values) - 1.0) > 1e-9:
            raise ValueError(f"weights must sum to 1, got {sum(values)}")

    def as_dict(self) -> dict[str, float]:
        return {
            "occupation": self.occupation,
            "experience": self.experience,
            "language": self.language,
            "dayparts": self.dayparts,
            "hours": self.hours,
            "travel": self.travel,
        }


DEFAULT_WEIGHTS: Final = Weights()
PART_NAMES: Final = tuple(DEFAULT_WEIGHTS.as_dict())


def part_points(value: float, weight: float) -> int:
    """Integer points of one part. Same arithmetic as the numpy path (floor(x + 0.5))."""
    return math.floor(value * (weight * SCALE) + 0.5)


# --------------------------------------------------------------------------------------
# Single pair: explanation
# --------------------------------------------------------------------------------------


def match_level(a: Occupation, b: Occupation) -> MatchLevel:
    if a.esco_uri is not None and a.esco_uri == b.esco_uri:
        return MatchLevel.ESCO
    for digits in (4, 3, 2, 1):
        if a.isco_code[:digits] == b.isco_code[:digits]:
            return MatchLevel(digits)
    return MatchLevel.NONE


@dataclass(frozen=True, slots=True)
class ScorePart:
    name: str
    weight: float
    value: float  # 0..1
    points: int  # floor(value * weight * SCALE + 0.5)
    detail: str  # human-readable reason (English; translate in the UI)
    known: bool = True  # False when the part could not be assessed (neutral value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weight": self.weight,
            "value": round(self.value, 4),
            "points": self.points,
            "detail": self.detail,
            "known": self.known,
        }


@dataclass(frozen=True, slots=True)
class HardRuleViolation:
    rule: str  # "travel" | "language" | "dayparts" | "childcare" | "hours"
    detail: str


@dataclass(frozen=True, slots=True)
class ScoreExplanation:
    candidate_id: str
    offer_id: str
    parts: tuple[ScorePart, ...]
    violations: tuple[HardRuleViolation, ...] = ()
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(p.points for p in self.parts))

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def score(self) -> float:
        return self.total / SCALE

    def part(self, name: str) -> ScorePart:
        for p in self.parts:
            if p.name == name:
                return p
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "offer_id": self.offer_id,
            "total": self.total,
            "scale": SCALE,
            "feasible": self.feasible,
            "parts": [p.as_dict() for p in self.parts],
            "violations": [{"rule": v.rule, "detail": v.detail} for v in self.violations],
        }


_LEVEL_TEXT: Final[Mapping[MatchLevel, str]] = {
    MatchLevel.ESCO: "same occupation",
    MatchLevel.ISCO_UNIT: "same ISCO unit group (4 digits)",
    MatchLevel.ISCO_MINOR: "same ISCO minor group (3 digits)",
    MatchLevel.ISCO_SUB_MAJOR: "same ISCO sub-major group (2 digits)",
    MatchLevel.ISCO_MAJOR: "same ISCO major group (1 digit)",
    MatchLevel.NONE: "unrelated",
}
_AMBITION_TEXT: Final[Mapping[AmbitionRank, str]] = {
    AmbitionRank.DREAM_JOB: "dream job",
    AmbitionRank.PLAN_B: "plan B",
    AmbitionRank.PLAN_C: "plan C",
}


def _occupation_part(c: Candidate, o: Offer, w: float) -> ScorePart:
    best_value, best_text = 0.0, "no ambition relates to this occupation"
    if not c.ambitions:
        best_text = "no ambitions recorded"
    for rank, occ in c.ambitions:  # dream job first: on equal value the higher wish wins
        level = match_level(occ, o.occupation)
        value = LEVEL_VALUE[level] * AMBITION_FACTOR[rank]
        if value > best_value:
            best_value = value
            best_text = (
                f"{_LEVEL_TEXT[level]} as {_AMBITION_TEXT[rank]} "
                f"({occ.describe()}; x{AMBITION_FACTOR[rank]:g})"
            )
    return ScorePart("occupation", w, best_value, part_points(best_value, w), best_text)


def _experience_part(c: Candidate, o: Offer, w: float) -> ScorePart:
    best_eff, text = 0.0, "no related work experience"
    for exp in c.experience:
        level = match_level(exp.occupation, o.occupation)
        eff = LEVEL_VALUE[level] * exp.years
        if eff > best_eff:
            best_eff = eff
            text = (
                f"{exp.years:g} years as {exp.occupation.describe()} ({_LEVEL_TEXT[level]}); "
                f"full at {EXPERIENCE_FULL_YEARS:g} effective years"
            )
    value = min(1.0, best_eff / EXPERIENCE_FULL_YEARS)
    return ScorePart("experience", w, value, part_points(value, w), text)


def _language_part(
    c: Candidate, o: Offer, w: float, violations: list[HardRuleViolation]
) -> ScorePart:
    texts: list[str] = []
    skill_values: list[float] = []
    for skill, have, need, source in (
        ("speaking", c.speaking, o.required_speaking, c.speaking_source),
        ("listening", c.listening, o.required_listening, c.listening_source),
    ):
        where = f" ({source})" if source else ""
        short = max(0, int(need) - int(have))
        if short >= LANGUAGE_HARD_SHORTFALL:
            skill_values.append(0.0)
            violations.append(
                HardRuleViolation(
                    "language",
                    f"{skill} {have.name}, offer needs {need.name} ({short} levels short)",
                )
            )
            texts.append(f"{skill} {have.name}{where} < {need.name} by {short}")
        else:
            skill_values.append(LANGUAGE_SKILL_VALUE[short])
            texts.append(
                f"{skill} {have.name}{where} meets {need.name}"
                if short == 0
                else f"{skill} {have.name}{where} is one level below {need.name}"
            )
    value = (skill_values[0] + skill_values[1]) / 2.0
    return ScorePart("language", w, value, part_points(value, w), "; ".join(texts))


def _dayparts_part(
    c: Candidate, o: Offer, w: float, violations: list[HardRuleViolation]
) -> ScorePart:
    needed = len(o.dayparts)
    if needed == 0:
        value, text = 1.0, "offer is flexible in day-parts"
    else:
        overlap = len(o.dayparts & c.free_dayparts)
        value = overlap / needed
        text = f"free in {overlap} of the {needed} day-parts of the offer"
        if overlap == 0:
            violations.append(HardRuleViolation("dayparts", "no free day-part overlaps the offer"))
    care = c.childcare_dayparts
    if care is not None:
        uncovered = sorted(int(d) for d in o.dayparts - care)
        if uncovered:
            violations.append(
                HardRuleViolation(
                    "childcare",
                    f"childcare needed; not covered in {len(uncovered)} day-part(s) of the offer",
                )
            )
            text += "; childcare does not cover every day-part"
        else:
            text += "; childcare covers the offer's day-parts"
    return ScorePart("dayparts", w, value, part_points(value, w), text)


def _hours_part(c: Candidate, o: Offer, w: float, violations: list[HardRuleViolation]) -> ScorePart:
    have, need = c.hours_available, o.hours_per_week
    # share of the available hours the offer fills (a fuller week is a better fit)
    value = min(1.0, need / have) if have > 0.0 else (1.0 if need <= 0.0 else 0.0)
    text = f"offer {need:g} h/week of {have:g} h available"
    if need > have + EPS:
        violations.append(
            HardRuleViolation("hours", f"offer needs {need:g} h/week, only {have:g} h available")
        )
    return ScorePart("hours", w, value, part_points(value, w), text)


def _travel_part(
    c: Candidate, o: Offer, w: float, geo: Geo, violations: list[HardRuleViolation]
) -> ScorePart:
    home, work = geo.coords(c.home_pc4), geo.coords(o.location_pc4)
    if home is None or work is None:
        if c.home_pc4 is None:
            why = "no home postcode recorded"
        elif home is None:
            why = f"home postcode {c.home_pc4} not in the PC4 reference table"
        elif o.location_pc4 is None:
            why = "offer has no location postcode"
        else:
            why = f"offer postcode {o.location_pc4} not in the PC4 reference table"
        value = TRAVEL_UNKNOWN_VALUE
        return ScorePart(
            "travel",
            w,
            value,
            part_points(value, w),
            f"travel time unknown ({why}): neutral score, never a reason to exclude",
            known=False,
        )
    km = haversine_km(home, work)
    minutes = travel_minutes(km, c.transport)
    limit = float(c.max_travel_minutes)
    value = max(0.0, 1.0 - minutes / limit) if limit > 0.0 else (1.0 if minutes <= EPS else 0.0)
    text = (
        f"~{minutes:.0f} min by {c.transport.value} ({km:.1f} km straight line), "
        f"max {c.max_travel_minutes} min"
        + (
            " (as the intake records)"
            if c.travel_source == "intake"
            else " (assumed: the intake records no transport or travel time)"
        )
    )
    if minutes > limit + EPS:
        violations.append(HardRuleViolation("travel", f"~{minutes:.0f} min exceeds {limit:g} min"))
    return ScorePart("travel", w, value, part_points(value, w), text)


def explain(
    candidate: Candidate,
    offer: Offer,
    *,
    geo: Geo | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> ScoreExplanation:
    """Score one pair with every part, its points and the reason; list hard-rule violations."""
    g = geo if geo is not None else default_geo()
    violations: list[HardRuleViolation] = []
    parts = (
        _occupation_part(candidate, offer, weights.occupation),
        _experience_part(candidate, offer, weights.experience),
        _language_part(candidate, offer, weights.language, violations),
        _dayparts_part(candidate, offer, weights.dayparts, violations),
        _hours_part(candidate, offer, weights.hours, violations),
        _travel_part(candidate, offer, weights.travel, g, violations),
    )
    return ScoreExplanation(candidate.id, offer.id, parts, tuple(violations))


# --------------------------------------------------------------------------------------
# Many pairs: vectorised edge building with exact hard-rule pruning
# --------------------------------------------------------------------------------------

IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_LEVEL_VALUE_ARR: Final = np.array([LEVEL_VALUE[MatchLevel(i)] for i in range(6)], np.float64)
_TRANSPORTS: Final = tuple(Transport)


@dataclass(frozen=True)
class EdgeArrays:
    """Feasible pairs as parallel arrays; indices refer to the id-sorted id tuples."""

    candidate_ids: tuple[str, ...]
    offer_ids: tuple[str, ...]
    capacities: Int64Array  # places per offer (aligned with offer_ids)
    cand: IntArray  # candidate index per edge
    offer: IntArray  # offer index per edge
    score: IntArray  # integer score 0..SCALE per edge

    def __len__(self) -> int:
        return int(self.cand.shape[0])


@dataclass(frozen=True)
class _CandArrays:
    amb_esco: IntArray  # (n, 3), -1 = none
    amb_isco: IntArray  # (n, 3), -1 = none
    amb_factor: FloatArray  # (3,)
    exp_esco: IntArray  # (n, E)
    exp_isco: IntArray  # (n, E)
    exp_years: FloatArray  # (n, E)
    speak: IntArray
    listen: IntArray
    mask: Int64Array
    hours: FloatArray
    lat: FloatArray  # radians, nan = unknown
    lon: FloatArray
    coslat: FloatArray
    known: BoolArray
    mpk: FloatArray  # minutes per km
    overhead: FloatArray
    max_min: FloatArray
    care: Int64Array  # day-parts childcare covers (all bits: no childcare needed)
    transport: IntArray
    reach: FloatArray  # km


@dataclass(frozen=True)
class _OfferArrays:
    esco: IntArray
    isco: IntArray
    speak: IntArray
    listen: IntArray
    mask: Int64Array
    ndp: IntArray  # number of day-parts asked
    hours: FloatArray
    lat: FloatArray
    lon: FloatArray
    coslat: FloatArray
    known: BoolArray
    places: Int64Array


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _unique_sorted(items: Sequence[_T], kind: str) -> list[_T]:
    ordered = sorted(items, key=lambda x: x.id)
    for a, b in itertools.pairwise(ordered):
        if a.id == b.id:
            raise ValueError(f"duplicate {kind} id {a.id!r}")
    return ordered


def _coords_arrays(
    codes: Sequence[str | None], geo: Geo
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    lat = np.full(len(codes), np.nan)
    lon = np.full(len(codes), np.nan)
    for i, code in enumerate(codes):
        xy = geo.coords(code)
        if xy is not None:
            lat[i], lon[i] = xy
    known = ~np.isnan(lat)
    lat_r, lon_r = np.radians(lat), np.radians(lon)
    return lat_r, lon_r, np.cos(lat_r), known


def _encode_candidates(
    cands: Sequence[Candidate], geo: Geo, esco_ids: dict[str, int]
) -> _CandArrays:
    n = len(cands)
    n_exp = max([1] + [len(c.experience) for c in cands])
    amb_esco = np.full((n, 3), -1, np.int32)
    amb_isco = np.full((n, 3), -1, np.int32)
    exp_esco = np.full((n, n_exp), -1, np.int32)
    exp_isco = np.full((n, n_exp), -1, np.int32)
    exp_years = np.zeros((n, n_exp), np.float64)
    for i, c in enumerate(cands):
        for rank, occ in c.ambitions:
            amb_isco[i, rank] = int(occ.isco_code)
            if occ.esco_uri is not None:
                amb_esco[i, rank] = esco_ids.setdefault(occ.esco_uri, len(esco_ids))
        for e, exp in enumerate(c.experience):
            exp_isco[i, e] = int(exp.occupation.isco_code)
            exp_years[i, e] = exp.years
            if exp.occupation.esco_uri is not None:
                exp_esco[i, e] = esco_ids.setdefault(exp.occupation.esco_uri, len(esco_ids))
    lat, lon, coslat, known = _coords_arrays([c.home_pc4 for c in cands], geo)
    modes = [TRAVEL_MODES[c.transport] for c in cands]
    return _CandArrays(
        amb_esco=amb_esco,
        amb_isco=amb_isco,
        amb_factor=np.array([AMBITION_FACTOR[AmbitionRank(k)] for k in range(3)]),
        exp_esco=exp_esco,
        exp_isco=exp_isco,
        exp_years=exp_years,
        speak=np.array([int(c.speaking) for c in cands], np.int32),
        listen=np.array([int(c.listening) for c in cands], np.int32),
        mask=np.array([dayparts_mask(c.free_dayparts) for c in cands], np.int64),
        hours=np.array([c.hours_available for c in cands], np.float64),
        lat=lat,
        lon=lon,
        coslat=coslat,
        known=known,
        mpk=np.array([m.minutes_per_km for m in modes], np.float64),
        overhead=np.array([m.overhead_minutes for m in modes], np.float64),
        max_min=np.array([float(c.max_travel_minutes) for c in cands], np.float64),
        care=np.array(
            [
                -1 if c.childcare_dayparts is None else dayparts_mask(c.childcare_dayparts)
                for c in cands
            ],
            np.int64,
        ),
        transport=np.array([_TRANSPORTS.index(c.transport) for c in cands], np.int32),
        reach=np.array(
            [reach_km(float(c.max_travel_minutes), c.transport) for c in cands], np.float64
        ),
    )


def _encode_offers(offs: Sequence[Offer], geo: Geo, esco_ids: dict[str, int]) -> _OfferArrays:
    esco = np.array(
        [
            -1
            if o.occupation.esco_uri is None
            else esco_ids.setdefault(o.occupation.esco_uri, len(esco_ids))
            for o in offs
        ],
        np.int32,
    )
    lat, lon, coslat, known = _coords_arrays([o.location_pc4 for o in offs], geo)
    return _OfferArrays(
        esco=esco,
        isco=np.array([int(o.occupation.isco_code) for o in offs], np.int32),
        speak=np.array([int(o.required_speaking) for o in offs], np.int32),
        listen=np.array([int(o.required_listening) for o in offs], np.int32),
        mask=np.array([dayparts_mask(o.dayparts) for o in offs], np.int64),
        ndp=np.array([len(o.dayparts) for o in offs], np.int32),
        hours=np.array([o.hours_per_week for o in offs], np.float64),
        lat=lat,
        lon=lon,
        coslat=coslat,
        known=known,
        places=np.array([o.places for o in offs], np.int64),
    )


def _level_value(
    c_esco: IntArray, c_isco: IntArray, o_esco: IntArray, o_isco: IntArray
) -> FloatArray:
    """LEVEL_VALUE of match_level(), elementwise (ISCO codes as ints: prefix = // 10**k)."""
    level = np.zeros(np.broadcast(c_isco, o_isco).shape, np.int8)
    for digits, div in ((1, 1000), (2, 100), (3, 10), (4, 1)):
        level[(c_isco // div) == (o_isco // div)] = digits
    level[(c_esco >= 0) & (c_esco == o_esco)] = int(MatchLevel.ESCO)
    level[c_isco < 0] = 0
    values: FloatArray = _LEVEL_VALUE_ARR[level]
    return values


def _points_arr(value: FloatArray, weight: float) -> IntArray:
    pts: IntArray = np.floor(value * (weight * SCALE) + 0.5).astype(np.int32)
    return pts


def _haversine_arr(
    lat1: FloatArray, lon1: FloatArray, cos1: FloatArray,
    lat2: FloatArray, lon2: FloatArray, cos2: FloatArray,
) -> FloatArray:  # fmt: skip
    h = np.sin((lat2 - lat1) / 2.0) ** 2 + cos1 * cos2 * np.sin((lon2 - lon1) / 2.0) ** 2
    d: FloatArray = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return d


def _block_edges(
    ca: _CandArrays, oa: _OfferArrays, ci: Int64Array, oj: Int64Array, w: Weights
) -> tuple[IntArray, IntArray, IntArray]:
    """Hard rules on the block ci x oj (broadcast), then scores of the surviving pairs."""
    c = ci[:, None]
    o = oj[None, :]
    ok = (oa.speak[o] - ca.speak[c]) < LANGUAGE_HARD_SHORTFALL
    ok &= (oa.listen[o] - ca.listen[c]) < LANGUAGE_HARD_SHORTFALL
    ok &= oa.hours[o] <= ca.hours[c] + EPS
    ok &= (oa.ndp[o] == 0) | ((oa.mask[o] & ca.mask[c]) != 0)
    ok &= (oa.mask[o] & ~ca.care[c]) == 0
    both = ca.known[c] & oa.known[o]
    dist = np.where(
        both,
        _haversine_arr(ca.lat[c], ca.lon[c], ca.coslat[c], oa.lat[o], oa.lon[o], oa.coslat[o]),
        0.0,
    )
    minutes = ca.overhead[c] + dist * ca.mpk[c]
    ok &= ~both | (minutes <= ca.max_min[c] + EPS)
    rows, cols = np.nonzero(ok)
    pc = ci[rows]
    po = oj[cols]
    known = both[rows, cols]
    mins = minutes[rows, cols]
    return pc.astype(np.int32), po.astype(np.int32), _score_pairs(ca, oa, pc, po, known, mins, w)


def _score_pairs(
    ca: _CandArrays,
    oa: _OfferArrays,
    pc: Int64Array,
    po: Int64Array,
    known: BoolArray,
    minutes: FloatArray,
    w: Weights,
) -> IntArray:
    o_esco, o_isco = oa.esco[po], oa.isco[po]
    occ = np.zeros(pc.shape[0])
    for k in range(3):
        v = _level_value(ca.amb_esco[pc, k], ca.amb_isco[pc, k], o_esco, o_isco) * ca.amb_factor[k]
        occ = np.maximum(occ, v)
    eff = np.zeros(pc.shape[0])
    for e in range(ca.exp_isco.shape[1]):
        v = (
            _level_value(ca.exp_esco[pc, e], ca.exp_isco[pc, e], o_esco, o_isco)
            * ca.exp_years[pc, e]
        )
        eff = np.maximum(eff, v)
    exp = np.minimum(1.0, eff / EXPERIENCE_FULL_YEARS)
    s_short = np.maximum(0, oa.speak[po] - ca.speak[pc])
    l_short = np.maximum(0, oa.listen[po] - ca.listen[pc])
    lang = (np.where(s_short == 0, 1.0, LANGUAGE_SKILL_VALUE[1])
            + np.where(l_short == 0, 1.0, LANGUAGE_SKILL_VALUE[1])) / 2.0  # fmt: skip
    ndp = oa.ndp[po]
    overlap = np.bitwise_count(oa.mask[po] & ca.mask[pc])
    dayp = np.where(ndp == 0, 1.0, overlap / np.maximum(ndp, 1))
    have, need = ca.hours[pc], oa.hours[po]
    hours = np.where(
        have <= 0.0,
        np.where(need <= 0.0, 1.0, 0.0),
        np.minimum(1.0, need / np.where(have > 0, have, 1.0)),
    )
    limit = ca.max_min[pc]
    trav_known = np.where(
        limit > 0.0,
        np.maximum(0.0, 1.0 - minutes / np.where(limit > 0.0, limit, 1.0)),
        np.where(minutes <= EPS, 1.0, 0.0),
    )
    trav = np.where(known, trav_known, TRAVEL_UNKNOWN_VALUE)
    total = (
        _points_arr(occ, w.occupation)
        + _points_arr(exp, w.experience)
        + _points_arr(lang, w.language)
        + _points_arr(dayp, w.dayparts)
        + _points_arr(hours, w.hours)
        + _points_arr(trav, w.travel)
    )
    return total.astype(np.int32)


# grid for spatial bucketing of candidates (about 11 x 10 km in the Netherlands)
_CELL_LAT_RAD: Final = math.radians(0.10)
_CELL_LON_RAD: Final = math.radians(0.15)


def _reachable_offers(
    ca: _CandArrays, oa: _OfferArrays, members: Int64Array, known_offers: Int64Array, cos_max: float
) -> Int64Array:
    """Offers (with a location) that may be within reach of *some* member of the group.

    Conservative: uses lower bounds of the haversine distance, so it never drops a pair that
    the exact travel rule would accept. With d the great-circle distance:
    d >= R*|dlat| and sin(d/2R) >= cos(lat_max) * sin(|dlon|/2).
    """
    r = float(ca.reach[members].max()) * (1.0 + 1e-9) + 1e-6
    ang = r / EARTH_RADIUS_KM
    if ang / 2.0 >= math.pi / 2.0:
        return known_offers
    lat_lo, lat_hi = ca.lat[members].min(), ca.lat[members].max()
    lon_lo, lon_hi = ca.lon[members].min(), ca.lon[members].max()
    olat, olon = oa.lat[known_offers], oa.lon[known_offers]
    dlat = np.maximum(0.0, np.maximum(lat_lo - olat, olat - lat_hi))
    dlon = np.maximum(0.0, np.maximum(lon_lo - olon, olon - lon_hi))
    keep = (dlat <= ang) & (
        cos_max * np.sin(np.minimum(dlon, math.pi) / 2.0) <= math.sin(ang / 2.0)
    )
    result: Int64Array = known_offers[keep]
    return result


def build_edges(
    candidates: Sequence[Candidate],
    offers: Sequence[Offer],
    *,
    geo: Geo | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    max_block_pairs: int = 1_000_000,
) -> EdgeArrays:
    """All feasible (candidate, offer) pairs with their integer scores.

    A pair is an edge iff it passes every hard rule; offers with 0 places get no edges.
    Candidates are bucketed by (transport, ~10 km grid cell); each bucket is compared only
    with offers that a conservative distance bound cannot exclude, plus offers without a
    known location (travel unknown never excludes). Work is numpy broadcasting in blocks of
    at most ``max_block_pairs`` pairs; Python only loops over buckets and blocks.
    """
    g = geo if geo is not None else default_geo()
    cands = _unique_sorted(candidates, "candidate")
    offs = _unique_sorted(offers, "offer")
    esco_ids: dict[str, int] = {}
    ca = _encode_candidates(cands, g, esco_ids)
    oa = _encode_offers(offs, g, esco_ids)
    active = oa.places > 0
    known_offers = np.nonzero(active & oa.known)[0]
    unknown_offers = np.nonzero(active & ~oa.known)[0]
    all_offers = np.nonzero(active)[0]
    lats = np.concatenate([ca.lat[ca.known], oa.lat[oa.known]])
    cos_max = float(np.cos(np.abs(lats).max())) if lats.size else 1.0

    n = len(cands)
    key = np.full(n, -1, np.int64)  # -1 = no known home location: one bucket
    kc = ca.known
    cell_y = np.floor(ca.lat[kc] / _CELL_LAT_RAD).astype(np.int64) + 1000
    cell_x = np.floor(ca.lon[kc] / _CELL_LON_RAD).astype(np.int64) + 2000
    key[kc] = (ca.transport[kc].astype(np.int64) * 4096 + cell_y) * 8192 + cell_x
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.diff(key[order])) + 1
    pieces_c: list[IntArray] = []
    pieces_o: list[IntArray] = []
    pieces_s: list[IntArray] = []
    if all_offers.size:
        for members in np.split(order, bounds):
            if members.size == 0:
                continue
            if key[members[0]] < 0:
                subset = all_offers
            else:
                near = _reachable_offers(ca, oa, members, known_offers, cos_max)
                subset = np.sort(np.concatenate([near, unknown_offers]))
            if subset.size == 0:
                continue
            rows = max(1, max_block_pairs // subset.size)
            for start in range(0, members.size, rows):
                pc, po, ps = _block_edges(ca, oa, members[start : start + rows], subset, weights)
                pieces_c.append(pc)
                pieces_o.append(po)
                pieces_s.append(ps)
    if pieces_c:
        cand = np.concatenate(pieces_c)
        off = np.concatenate(pieces_o)
        score = np.concatenate(pieces_s)
        idx = np.lexsort((off, cand))
        cand, off, score = cand[idx], off[idx], score[idx]
    else:
        cand = np.zeros(0, np.int32)
        off = np.zeros(0, np.int32)
        score = np.zeros(0, np.int32)
    return EdgeArrays(
        candidate_ids=tuple(c.id for c in cands),
        offer_ids=tuple(o.id for o in offs),
        capacities=oa.places,
        cand=cand,
        offer=off,
        score=score,
    )

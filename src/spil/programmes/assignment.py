"""Assign waiting participants to groups (MAP, PVT, training) with OR-Tools CP-SAT.

Pure Python, no Django (the week's codes come from ``spil.core.week``): the Django layer
turns model instances into the dataclasses below, calls :func:`solve_assignment` and
translates the structured result (reason codes with JSON-serialisable parameters) for
planners.

Hard constraints
    * kind: a participant only goes to a group of a kind they need, at most one group per kind;
    * capacity: never more than ``Group.max_size`` participants;
    * minimum size: a group below ``min_size`` is *flagged* (``GroupLoad.below_min``), not
      forbidden, unless ``Group.must_reach_min`` is set: such a group either runs with at least
      ``min_size`` participants or gets nobody;
    * availability: the participant is free in every day-part the group meets;
    * language: the participant understands the language of instruction, or the group has an
      interpreter for one of the participant's languages;
    * location: the group's location is one the participant accepts;
    * childcare: a participant who needs childcare only goes to a group that offers childcare
      or whose day-parts all fall within the day-parts their childcare covers;
    * travel: a participant only goes to a group whose estimated travel time by their means of
      transport is within their maximum (an unknown travel time never excludes);
    * start date: the group starts on or after the participant's earliest start date;
    * no double booking: two groups of one participant never share a day-part;
    * planner adjustments: ``fixed`` pairs are placed as given (they override the eligibility
      checks above, which are reported in ``pin_overrides``), ``forbidden`` pairs never are.

Objective (lexicographic, folded into one weighted sum)
    Each placement of participant *p* weighs ``BIG + wait(p)``, where ``wait(p)`` is the number
    of days *p* has been waiting longer than the participant who registered last, and
    ``BIG = 1 + sum(wait(p) * len(p.needs))`` exceeds the largest possible total of the waiting
    terms. Hence one extra placement always outweighs any gain in waiting days (the *count*
    dominates), and among solutions with the most placements the solver maximises the total
    waiting days of those placed, i.e. favours those waiting longest. Being a sum, this is not
    strictly "longest waiter first": with the count fixed, two people waiting 60 days together
    beat one waiting 100 days plus one waiting 10 days. The weights stay small (≈ 1e9 for a
    few thousand participants), which keeps CP-SAT's LP relaxation numerically comfortable.

Tie-break (determinism)
    When the first solve is proved optimal, a second solve keeps the first objective at its
    optimum and maximises ``(latest group start - group start in days) * 1024 + jitter(p, g)``:
    among equally good solutions prefer groups that start sooner, then a fixed pseudo-random
    preference derived from the ids (SHA-256). That makes the optimum practically unique, so the
    same input gives the same answer whatever the thread timing or the order of the input.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, Literal, TypeAlias

from ortools.sat.python import cp_model

from spil.core import week

__all__ = [
    "MOMENTS",
    "WEEKDAYS",
    "AssignmentInputError",
    "AssignmentResult",
    "Criterion",
    "DayPart",
    "Group",
    "GroupCheck",
    "GroupKind",
    "GroupLoad",
    "Id",
    "Participant",
    "PinOverride",
    "Placement",
    "Reason",
    "ReasonCode",
    "SolveStatus",
    "SolverSettings",
    "UnplacedNeed",
    "daypart_label",
    "failed_criteria",
    "solve_assignment",
]

WEEKDAYS: tuple[str, ...] = tuple(day.value for day in week.WEEKDAYS)
MOMENTS: tuple[str, ...] = tuple(moment.value for moment in week.MOMENTS)

DayPart: TypeAlias = tuple[str, str]
"""``(weekday, moment)``, e.g. ``("mon", "morning")``; see :data:`WEEKDAYS`, :data:`MOMENTS`."""

Id: TypeAlias = int | str
"""Participant and group ids: whatever the caller uses (primary keys, UUID strings...)."""

SolveStatus: TypeAlias = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]

TIE_JITTER = 1024
"""Range of the pseudo-random part of the tie-break weight (per placement)."""


class GroupKind(StrEnum):
    MAP = "map"
    PVT = "pvt"
    TRAINING = "training"


class Criterion(StrEnum):
    """One eligibility check of a (participant, group) pair of a needed kind."""

    DAYPARTS = "dayparts"
    LANGUAGE = "language"
    LOCATION = "location"
    START_DATE = "start_date"
    CHILDCARE = "childcare"
    TRAVEL = "travel"
    FORBIDDEN = "forbidden"


class ReasonCode(StrEnum):
    """Why a participant's need for a kind of group was not met.

    Static reasons (no group of the kind fits, whatever the others do):

    * ``NO_GROUP_OF_KIND`` — params ``kind``;
    * ``NO_DAYPART_MATCH`` — every group of the kind meets in a day-part the participant is not
      free: ``kind``, ``group_ids``, ``available`` (day-part labels such as ``"mon-morning"``);
    * ``LANGUAGE_MISMATCH`` — ``kind``, ``group_ids``, ``languages`` (the participant's),
      ``offered`` (instruction and interpreter languages of those groups);
    * ``LOCATION_NOT_ACCEPTABLE`` — ``kind``, ``group_ids``, ``acceptable``, ``group_locations``;
    * ``START_DATE_TOO_EARLY`` — every group starts before the participant can:
      ``kind``, ``group_ids``, ``earliest_start``, ``latest_group_start`` (ISO dates);
    * ``CHILDCARE_NOT_COVERED`` — the participant needs childcare and no group offers it or
      meets within the covered day-parts: ``kind``, ``group_ids``, ``covered`` (day-part labels);
    * ``TRAVEL_TOO_LONG`` — every group is further than the participant can travel:
      ``kind``, ``group_ids``, ``max_minutes``, ``shortest_minutes``;
    * ``FORBIDDEN_BY_PLANNER`` — ``kind``, ``group_ids``;
    * ``NO_GROUP_FITS_ALL`` — each check is met by some group, but no group meets all:
      ``kind``, ``groups`` (a list of ``{"group_id": ..., "failed": [criterion, ...]}``).

    One static reason is given per criterion that rules out *every* group of the kind, so
    several can appear together.

    Reasons from the solution (compatible groups exist, ``group_ids`` lists them per reason):

    * ``COMPATIBLE_GROUPS_FULL`` — ``kind``, ``group_ids``; when it is the only reason, all
      compatible groups are full;
    * ``DAYPART_CLASH`` — they meet in a day-part taken by another group of this participant:
      ``kind``, ``group_ids``, ``conflicting_group_ids``;
    * ``GROUP_NOT_RUNNING`` — ``must_reach_min`` groups that do not reach their minimum:
      ``kind``, ``group_ids``;
    * ``NOT_SELECTED`` — only when the search stopped before proving optimality: seats were
      left that a better solution might have used: ``kind``, ``group_ids``.
    """

    NO_GROUP_OF_KIND = "no_group_of_kind"
    NO_DAYPART_MATCH = "no_daypart_match"
    LANGUAGE_MISMATCH = "language_mismatch"
    LOCATION_NOT_ACCEPTABLE = "location_not_acceptable"
    START_DATE_TOO_EARLY = "start_date_too_early"
    CHILDCARE_NOT_COVERED = "childcare_not_covered"
    TRAVEL_TOO_LONG = "travel_too_long"
    FORBIDDEN_BY_PLANNER = "forbidden_by_planner"
    NO_GROUP_FITS_ALL = "no_group_fits_all"
    COMPATIBLE_GROUPS_FULL = "compatible_groups_full"
    DAYPART_CLASH = "daypart_clash"
    GROUP_NOT_RUNNING = "group_not_running"
    NOT_SELECTED = "not_selected"


_STATIC_REASON = {
    Criterion.DAYPARTS: ReasonCode.NO_DAYPART_MATCH,
    Criterion.LANGUAGE: ReasonCode.LANGUAGE_MISMATCH,
    Criterion.LOCATION: ReasonCode.LOCATION_NOT_ACCEPTABLE,
    Criterion.START_DATE: ReasonCode.START_DATE_TOO_EARLY,
    Criterion.CHILDCARE: ReasonCode.CHILDCARE_NOT_COVERED,
    Criterion.TRAVEL: ReasonCode.TRAVEL_TOO_LONG,
    Criterion.FORBIDDEN: ReasonCode.FORBIDDEN_BY_PLANNER,
}
_KIND_ORDER = {kind: i for i, kind in enumerate(GroupKind)}


class AssignmentInputError(ValueError):
    """Inconsistent input or planner adjustments; ``code`` and ``params`` for translation.

    Codes: ``duplicate_participant``, ``duplicate_group``, ``unknown_participant``,
    ``unknown_group``, ``fixed_and_forbidden``, ``kind_not_needed``, ``two_fixed_of_kind``,
    ``fixed_over_capacity``, ``fixed_daypart_clash``, ``invalid_daypart``, ``invalid_capacity``.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params: dict[str, object] = params


def daypart_label(daypart: DayPart) -> str:
    """``("mon", "morning")`` -> ``"mon-morning"``."""
    return week.day_part_code(*daypart)


def _dayparts(values: Iterable[DayPart], owner: Id) -> frozenset[DayPart]:
    result = frozenset((str(day), str(moment)) for day, moment in values)
    for day, moment in result:
        if day not in WEEKDAYS or moment not in MOMENTS:
            raise AssignmentInputError("invalid_daypart", owner=owner, daypart=[day, moment])
    return result


@dataclass(frozen=True, slots=True)
class Participant:
    """A waiting participant. Sets may be given as any set; they are stored as frozensets."""

    id: Id
    available: AbstractSet[DayPart]
    """Day-parts free each week after work, lessons and childcare."""
    languages: AbstractSet[str]
    """Languages understood (ISO 639-3, e.g. ``"nld"``, ``"ara"``, ``"tir"``)."""
    locations: AbstractSet[str]
    """Acceptable locations (municipality, or whatever the caller derives from travel time)."""
    earliest_start: date
    waiting_since: date
    needs: AbstractSet[GroupKind]
    """Kinds of group the participant is waiting for."""
    childcare: AbstractSet[DayPart] | None = None
    """Day-parts the participant's childcare covers; None when no childcare is needed."""
    max_travel_minutes: float | None = None
    """Longest acceptable one-way trip; None: no limit known."""
    travel_minutes: Mapping[Id, float] = field(default_factory=dict)
    """Estimated one-way minutes to a group (by id) by the participant's means of transport;
    a group missing here has an unknown travel time, which never excludes."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "available", _dayparts(self.available, self.id))
        if self.childcare is not None:
            object.__setattr__(self, "childcare", _dayparts(self.childcare, self.id))
        object.__setattr__(self, "languages", frozenset(s.lower() for s in self.languages))
        object.__setattr__(self, "locations", frozenset(self.locations))
        object.__setattr__(self, "needs", frozenset(GroupKind(k) for k in self.needs))


@dataclass(frozen=True, slots=True)
class Group:
    id: Id
    kind: GroupKind
    min_size: int
    max_size: int
    language: str
    """Language of instruction (ISO 639-3)."""
    location: str
    dayparts: AbstractSet[DayPart]
    """Day-parts the sessions take place, every one of them attended."""
    start_date: date
    interpreter_languages: AbstractSet[str] = frozenset()
    must_reach_min: bool = False
    """If set, the group runs only with at least ``min_size`` participants (else nobody)."""
    offers_childcare: bool = False
    """Childcare during the sessions (a creche at the location)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", GroupKind(self.kind))
        object.__setattr__(self, "language", self.language.lower())
        object.__setattr__(self, "dayparts", _dayparts(self.dayparts, self.id))
        object.__setattr__(
            self, "interpreter_languages", frozenset(s.lower() for s in self.interpreter_languages)
        )
        if not 0 <= self.min_size <= self.max_size or self.max_size < 1:
            raise AssignmentInputError(
                "invalid_capacity", group=self.id, min_size=self.min_size, max_size=self.max_size
            )


@dataclass(frozen=True, slots=True)
class SolverSettings:
    time_limit_s: float = 10.0
    """Wall-clock limit for both solves together."""
    num_workers: int = 2
    random_seed: int = 0
    tie_break: bool = True
    """Run the second, tie-breaking solve (see the module docstring)."""
    greedy_hint: bool = True
    """Start the search from a greedy solution (``AddHint``)."""
    subsolvers: tuple[str, ...] = ("max_lp", "default_lp")
    """CP-SAT workers. ``max_lp`` (linearization level 2: the at-most-one cliques and the
    enforced "group open" constraints go into the LP) proves the 600 x 60 benchmark optimal in
    a fraction of a second, where the default portfolio on two workers stalls at a ~1 % gap for
    minutes. Empty: CP-SAT's own choice."""
    log_search: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    participant_id: Id
    group_id: Id
    kind: GroupKind
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class GroupLoad:
    group_id: Id
    kind: GroupKind
    size: int
    min_size: int
    max_size: int
    must_reach_min: bool

    @property
    def free_seats(self) -> int:
        return self.max_size - self.size

    @property
    def running(self) -> bool:
        return self.size > 0

    @property
    def below_min(self) -> bool:
        """Flag for the planner: runs, but with fewer than ``min_size`` participants."""
        return 0 < self.size < self.min_size


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    params: Mapping[str, object] = field(default_factory=dict)
    """JSON-serialisable: str, int, lists and dicts of those; ids as given."""

    def to_dict(self) -> dict[str, object]:
        return {"code": str(self.code), "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class GroupCheck:
    """The eligibility checks a group of the needed kind fails for the participant."""

    group_id: Id
    failed: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class UnplacedNeed:
    """A participant's need for one kind of group that was not met, with the reasons."""

    participant_id: Id
    kind: GroupKind
    reasons: tuple[Reason, ...]
    group_checks: tuple[GroupCheck, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "participant_id": self.participant_id,
            "kind": str(self.kind),
            "reasons": [r.to_dict() for r in self.reasons],
            "group_checks": [
                {"group_id": c.group_id, "failed": [str(f) for f in c.failed]}
                for c in self.group_checks
            ],
        }


@dataclass(frozen=True, slots=True)
class PinOverride:
    """A fixed pair that the planner placed although these checks fail."""

    participant_id: Id
    group_id: Id
    failed: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    status: SolveStatus
    placements: tuple[Placement, ...]
    unplaced: tuple[UnplacedNeed, ...]
    groups: tuple[GroupLoad, ...]
    pin_overrides: tuple[PinOverride, ...]
    objective: int
    """Value of the weighted objective (``BIG + wait`` per placement) of the returned solution."""
    best_bound: float
    gap: float | None
    """``|objective - best_bound| / max(1, |objective|)``; ``None`` without a solution."""
    seconds: float
    candidate_pairs: int
    """Number of (participant, group) variables left after pre-filtering."""
    tie_break_status: Literal["OPTIMAL", "FEASIBLE", "SKIPPED"] = "SKIPPED"
    """Outcome of the tie-breaking solve; ``OPTIMAL`` makes the answer reproducible."""

    def by_participant(self) -> dict[Id, dict[GroupKind, Id]]:
        out: dict[Id, dict[GroupKind, Id]] = {}
        for pl in self.placements:
            out.setdefault(pl.participant_id, {})[pl.kind] = pl.group_id
        return out

    def unplaced_by_participant(self) -> dict[Id, tuple[UnplacedNeed, ...]]:
        out: dict[Id, list[UnplacedNeed]] = {}
        for need in self.unplaced:
            out.setdefault(need.participant_id, []).append(need)
        return {pid: tuple(needs) for pid, needs in out.items()}


def failed_criteria(participant: Participant, group: Group) -> tuple[Criterion, ...]:
    """Eligibility checks (except kind and planner adjustments) the pair fails; () if none."""
    failed: list[Criterion] = []
    if not group.dayparts <= participant.available:
        failed.append(Criterion.DAYPARTS)
    if group.language not in participant.languages and not (
        group.interpreter_languages & participant.languages
    ):
        failed.append(Criterion.LANGUAGE)
    if group.location not in participant.locations:
        failed.append(Criterion.LOCATION)
    if group.start_date < participant.earliest_start:
        failed.append(Criterion.START_DATE)
    care = participant.childcare
    if care is not None and not group.offers_childcare and not group.dayparts <= care:
        failed.append(Criterion.CHILDCARE)
    minutes = participant.travel_minutes.get(group.id)
    limit = participant.max_travel_minutes
    if limit is not None and minutes is not None and minutes > limit + 1e-9:
        failed.append(Criterion.TRAVEL)
    return tuple(failed)


def _jitter(participant_id: Id, group_id: Id) -> int:
    digest = hashlib.sha256(f"{participant_id!r}\x1f{group_id!r}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % TIE_JITTER


# --------------------------------------------------------------------------------------------
# Instance preparation
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Instance:
    participants: Sequence[Participant]
    groups: Sequence[Group]
    fixed: set[tuple[int, int]]
    forbidden: set[tuple[int, int]]
    wait: list[int]
    big: int
    groups_of_kind: dict[GroupKind, list[int]]
    failed: dict[tuple[int, int], tuple[Criterion, ...]]
    """Failed criteria (incl. FORBIDDEN) for every participant and group of a needed kind."""
    candidates: dict[tuple[int, GroupKind], list[int]]
    """Groups a need may go to after pre-filtering (a fixed need: just its group)."""

    def weight(self, pi: int) -> int:
        return self.big + self.wait[pi]


def _index_pairs(
    pairs: Iterable[tuple[Id, Id]], pidx: Mapping[Id, int], gidx: Mapping[Id, int]
) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for pid, gid in pairs:
        if pid not in pidx:
            raise AssignmentInputError("unknown_participant", participant=pid)
        if gid not in gidx:
            raise AssignmentInputError("unknown_group", group=gid)
        out.add((pidx[pid], gidx[gid]))
    return out


def _prepare(
    participants: Sequence[Participant],
    groups: Sequence[Group],
    fixed: Iterable[tuple[Id, Id]],
    forbidden: Iterable[tuple[Id, Id]],
) -> _Instance:
    pidx: dict[Id, int] = {}
    for i, p in enumerate(participants):
        if p.id in pidx:
            raise AssignmentInputError("duplicate_participant", participant=p.id)
        pidx[p.id] = i
    gidx: dict[Id, int] = {}
    for j, g in enumerate(groups):
        if g.id in gidx:
            raise AssignmentInputError("duplicate_group", group=g.id)
        gidx[g.id] = j
    fixed_idx = _index_pairs(fixed, pidx, gidx)
    forbidden_idx = _index_pairs(forbidden, pidx, gidx)

    # Validate the pins: they must be consistent among themselves.
    fixed_of: dict[tuple[int, GroupKind], int] = {}
    pinned_dayparts: dict[int, dict[DayPart, int]] = defaultdict(dict)
    pinned_count: dict[int, int] = defaultdict(int)
    for pi, gj in sorted(fixed_idx):
        p, g = participants[pi], groups[gj]
        if (pi, gj) in forbidden_idx:
            raise AssignmentInputError("fixed_and_forbidden", participant=p.id, group=g.id)
        if g.kind not in p.needs:
            raise AssignmentInputError(
                "kind_not_needed", participant=p.id, group=g.id, kind=str(g.kind)
            )
        if (pi, g.kind) in fixed_of:
            other = groups[fixed_of[(pi, g.kind)]].id
            raise AssignmentInputError(
                "two_fixed_of_kind", participant=p.id, kind=str(g.kind), group_ids=[other, g.id]
            )
        fixed_of[(pi, g.kind)] = gj
        for dp in sorted(g.dayparts):
            if dp in pinned_dayparts[pi]:
                other = groups[pinned_dayparts[pi][dp]].id
                raise AssignmentInputError(
                    "fixed_daypart_clash",
                    participant=p.id,
                    group_ids=[other, g.id],
                    daypart=daypart_label(dp),
                )
            pinned_dayparts[pi][dp] = gj
        pinned_count[gj] += 1
    for gj, count in sorted(pinned_count.items()):
        if count > groups[gj].max_size:
            g = groups[gj]
            raise AssignmentInputError(
                "fixed_over_capacity", group=g.id, fixed=count, max_size=g.max_size
            )

    latest = max((p.waiting_since for p in participants), default=date.min)
    wait = [max(0, (latest - p.waiting_since).days) for p in participants]
    big = 1 + sum(w * len(p.needs) for w, p in zip(wait, participants, strict=True))

    groups_of_kind: dict[GroupKind, list[int]] = defaultdict(list)
    for gj, g in enumerate(groups):
        groups_of_kind[g.kind].append(gj)

    failed: dict[tuple[int, int], tuple[Criterion, ...]] = {}
    candidates: dict[tuple[int, GroupKind], list[int]] = {}
    for pi, p in enumerate(participants):
        blocked = pinned_dayparts.get(pi, {})
        for kind in sorted(p.needs, key=_KIND_ORDER.__getitem__):
            cands: list[int] = []
            for gj in groups_of_kind.get(kind, []):
                crit = failed_criteria(p, groups[gj])
                if (pi, gj) in forbidden_idx:
                    crit = (*crit, Criterion.FORBIDDEN)
                failed[(pi, gj)] = crit
                # Pre-filter: ineligible pairs, and pairs clashing with a pinned group of this
                # participant (those can never be part of a feasible solution).
                if not crit and not any(dp in blocked for dp in groups[gj].dayparts):
                    cands.append(gj)
            if (pi, kind) in fixed_of:
                cands = [fixed_of[(pi, kind)]]
            candidates[(pi, kind)] = cands

    # Pre-filter: a must-reach-min group that cannot reach its minimum even with every
    # candidate never runs, so none of its pairs is feasible (unless pinned: then the model is
    # infeasible and CP-SAT says so).
    reach: dict[int, int] = defaultdict(int)
    for (_, _), cands in candidates.items():
        for gj in cands:
            reach[gj] += 1
    dead = {
        gj
        for gj, g in enumerate(groups)
        if g.must_reach_min and reach[gj] < g.min_size and pinned_count[gj] == 0
    }
    if dead:
        for key, cands in candidates.items():
            candidates[key] = [gj for gj in cands if gj not in dead]

    return _Instance(
        participants=participants,
        groups=groups,
        fixed=fixed_idx,
        forbidden=forbidden_idx,
        wait=wait,
        big=big,
        groups_of_kind=groups_of_kind,
        failed=failed,
        candidates=candidates,
    )


# --------------------------------------------------------------------------------------------
# Greedy start (hint and fallback)
# --------------------------------------------------------------------------------------------


def _greedy(inst: _Instance) -> tuple[dict[tuple[int, GroupKind], int], bool]:
    """Longest-waiting first, earliest-starting compatible group with a seat.

    ``must_reach_min`` groups left below their minimum are closed one by one (smallest first)
    and the greedy pass is repeated. Returns the assignment per need and whether it is feasible
    (it is not only when a pinned must-reach-min group stays below its minimum).
    """
    groups = inst.groups
    order = sorted(
        (key for key in inst.candidates if inst.candidates[key]),
        key=lambda k: (-inst.wait[k[0]], k[0], _KIND_ORDER[k[1]]),
    )
    fixed_groups = {gj for _, gj in inst.fixed}
    closed: set[int] = set()
    while True:
        load: dict[int, int] = defaultdict(int)
        busy: dict[int, set[DayPart]] = defaultdict(set)
        chosen: dict[tuple[int, GroupKind], int] = {}
        for pi, gj in sorted(inst.fixed):
            chosen[(pi, groups[gj].kind)] = gj
            load[gj] += 1
            busy[pi] |= groups[gj].dayparts
        for key in order:
            if key in chosen:
                continue
            pi = key[0]
            for gj in sorted(inst.candidates[key], key=lambda j: (groups[j].start_date, j)):
                g = groups[gj]
                if gj in closed or load[gj] >= g.max_size or g.dayparts & busy[pi]:
                    continue
                chosen[key] = gj
                load[gj] += 1
                busy[pi] |= g.dayparts
                break
        short = [
            gj
            for gj, g in enumerate(groups)
            if g.must_reach_min and 0 < load[gj] < g.min_size and gj not in fixed_groups
        ]
        if not short:
            feasible = all(
                not g.must_reach_min or load[gj] == 0 or load[gj] >= g.min_size
                for gj, g in enumerate(groups)
            )
            return chosen, feasible
        closed.add(min(short, key=lambda j: (load[j], j)))


# --------------------------------------------------------------------------------------------
# CP-SAT model
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, int], Any]
    open_: dict[int, Any]
    primary: Any


def _build(inst: _Instance) -> _Model:
    model = cp_model.CpModel()
    groups = inst.groups
    x: dict[tuple[int, int], Any] = {}
    by_group: dict[int, list[Any]] = defaultdict(list)
    terms: list[tuple[Any, int]] = []
    for (pi, _kind), cands in inst.candidates.items():
        vars_ = []
        for gj in cands:
            var = model.new_bool_var(f"x_{pi}_{gj}")
            x[(pi, gj)] = var
            vars_.append(var)
            by_group[gj].append(var)
            terms.append((var, inst.weight(pi)))
            if (pi, gj) in inst.fixed:
                model.add(var == 1)
        if len(vars_) > 1:
            model.add_at_most_one(vars_)

    # No double booking across kinds: at most one group per participant and day-part.
    per_daypart: dict[tuple[int, DayPart], list[tuple[GroupKind, Any]]] = defaultdict(list)
    for (pi, gj), var in x.items():
        for dp in groups[gj].dayparts:
            per_daypart[(pi, dp)].append((groups[gj].kind, var))
    for entries in per_daypart.values():
        if len({kind for kind, _ in entries}) > 1:
            model.add_at_most_one([var for _, var in entries])

    open_: dict[int, Any] = {}
    for gj, vars_ in by_group.items():
        g = groups[gj]
        load = cp_model.LinearExpr.sum(vars_)
        if g.must_reach_min and g.min_size > 1:
            y = model.new_bool_var(f"open_{gj}")
            open_[gj] = y
            model.add(load <= g.max_size * y)
            model.add(load >= g.min_size * y)
            for var in vars_:  # redundant, tightens the LP relaxation
                model.add_implication(var, y)
        elif len(vars_) > g.max_size:
            model.add(load <= g.max_size)

    primary = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [w for _, w in terms])
    model.maximize(primary)
    return _Model(model=model, x=x, open_=open_, primary=primary)


def _solver(settings: SolverSettings, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = settings.num_workers
    solver.parameters.random_seed = settings.random_seed
    solver.parameters.log_search_progress = settings.log_search
    if settings.subsolvers:
        solver.parameters.subsolvers.extend(settings.subsolvers)
    return solver


def _hint(m: _Model, chosen: Mapping[tuple[int, int], bool]) -> None:
    m.model.clear_hints()  # type: ignore[no-untyped-call]
    opened: set[int] = set()
    for key, var in m.x.items():
        value = chosen.get(key, False)
        m.model.add_hint(var, value)
        if value:
            opened.add(key[1])
    for gj, y in m.open_.items():
        m.model.add_hint(y, gj in opened)


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------


def _explain(
    inst: _Instance, pi: int, kind: GroupKind, load: Mapping[int, int], assigned: Sequence[int]
) -> UnplacedNeed:
    p = inst.participants[pi]
    groups = inst.groups
    kind_groups = inst.groups_of_kind.get(kind, [])
    if not kind_groups:
        return UnplacedNeed(
            p.id, kind, (Reason(ReasonCode.NO_GROUP_OF_KIND, {"kind": str(kind)}),), ()
        )
    checks = tuple(GroupCheck(groups[gj].id, inst.failed[(pi, gj)]) for gj in kind_groups)
    compatible = [gj for gj in kind_groups if not inst.failed[(pi, gj)]]
    reasons: list[Reason] = []
    if not compatible:
        ids = [groups[gj].id for gj in kind_groups]
        for crit, code in _STATIC_REASON.items():
            if all(crit in inst.failed[(pi, gj)] for gj in kind_groups):
                params: dict[str, object] = {"kind": str(kind), "group_ids": ids}
                if crit is Criterion.DAYPARTS:
                    params["available"] = sorted(daypart_label(dp) for dp in p.available)
                elif crit is Criterion.LANGUAGE:
                    offered: set[str] = set()
                    for gj in kind_groups:
                        offered |= {groups[gj].language, *groups[gj].interpreter_languages}
                    params["languages"] = sorted(p.languages)
                    params["offered"] = sorted(offered)
                elif crit is Criterion.LOCATION:
                    params["acceptable"] = sorted(p.locations)
                    params["group_locations"] = sorted({groups[gj].location for gj in kind_groups})
                elif crit is Criterion.START_DATE:
                    params["earliest_start"] = p.earliest_start.isoformat()
                    latest = max(groups[gj].start_date for gj in kind_groups)
                    params["latest_group_start"] = latest.isoformat()
                elif crit is Criterion.CHILDCARE:
                    params["covered"] = sorted(daypart_label(dp) for dp in p.childcare or ())
                elif crit is Criterion.TRAVEL:
                    params["max_minutes"] = round(p.max_travel_minutes or 0)
                    params["shortest_minutes"] = round(
                        min(p.travel_minutes[groups[gj].id] for gj in kind_groups)
                    )
                reasons.append(Reason(code, params))
        if not reasons:
            detail = [
                {"group_id": c.group_id, "failed": [str(f) for f in c.failed]} for c in checks
            ]
            reasons.append(
                Reason(ReasonCode.NO_GROUP_FITS_ALL, {"kind": str(kind), "groups": detail})
            )
        return UnplacedNeed(p.id, kind, tuple(reasons), checks)

    busy: dict[DayPart, int] = {}
    for gj in assigned:
        for dp in groups[gj].dayparts:
            busy[dp] = gj
    full: list[Id] = []
    clash: list[Id] = []
    clash_with: set[int] = set()
    not_running: list[Id] = []
    other: list[Id] = []
    for gj in compatible:
        g = groups[gj]
        hits = {busy[dp] for dp in g.dayparts if dp in busy}
        if load.get(gj, 0) >= g.max_size:
            full.append(g.id)
        elif hits:
            clash.append(g.id)
            clash_with |= hits
        elif g.must_reach_min and load.get(gj, 0) == 0:
            not_running.append(g.id)
        else:
            other.append(g.id)
    base = {"kind": str(kind)}
    if full:
        reasons.append(Reason(ReasonCode.COMPATIBLE_GROUPS_FULL, {**base, "group_ids": full}))
    if clash:
        conflicting = [groups[gj].id for gj in sorted(clash_with)]
        reasons.append(
            Reason(
                ReasonCode.DAYPART_CLASH,
                {**base, "group_ids": clash, "conflicting_group_ids": conflicting},
            )
        )
    if not_running:
        reasons.append(Reason(ReasonCode.GROUP_NOT_RUNNING, {**base, "group_ids": not_running}))
    if other:
        reasons.append(Reason(ReasonCode.NOT_SELECTED, {**base, "group_ids": other}))
    return UnplacedNeed(p.id, kind, tuple(reasons), checks)


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def solve_assignment(
    participants: Sequence[Participant],
    groups: Sequence[Group],
    *,
    fixed: Iterable[tuple[Id, Id]] = (),
    forbidden: Iterable[tuple[Id, Id]] = (),
    settings: SolverSettings | None = None,
) -> AssignmentResult:
    """Assign participants to groups; see the module docstring for the rules.

    ``fixed`` and ``forbidden`` are ``(participant_id, group_id)`` pairs set by the planner.
    Raises :class:`AssignmentInputError` on inconsistent input. Status ``INFEASIBLE`` happens
    only when fixed pairs force a ``must_reach_min`` group open that cannot reach its minimum;
    the result then has no placements.
    """
    settings = settings or SolverSettings()
    started = time.perf_counter()
    inst = _prepare(participants, groups, fixed, forbidden)
    m = _build(inst)

    greedy, greedy_ok = _greedy(inst)
    greedy_pairs = {(pi, gj): True for (pi, _), gj in greedy.items()}
    if settings.greedy_hint:
        _hint(m, greedy_pairs)

    # The time limit covers everything, preparation included.
    solver = _solver(settings, settings.time_limit_s - (time.perf_counter() - started))
    code = solver.solve(m.model)
    bound = float(solver.best_objective_bound)
    status: SolveStatus = "UNKNOWN"
    chosen: set[tuple[int, int]] = set()
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = "OPTIMAL" if code == cp_model.OPTIMAL else "FEASIBLE"
        chosen = {key for key, var in m.x.items() if solver.boolean_value(var)}
    elif code == cp_model.INFEASIBLE:
        status = "INFEASIBLE"
    elif code == cp_model.MODEL_INVALID:  # a bug here, not the planner's problem
        raise RuntimeError(f"invalid CP-SAT model: {m.model.validate()}")
    elif greedy_ok:
        # Time ran out before CP-SAT found anything: the greedy solution is feasible.
        chosen, status = set(greedy_pairs), "FEASIBLE"

    tie_status: Literal["OPTIMAL", "FEASIBLE", "SKIPPED"] = "SKIPPED"
    if code == cp_model.OPTIMAL and settings.tie_break and chosen:
        remaining = settings.time_limit_s - (time.perf_counter() - started)
        if remaining > 0.05:
            chosen, tie_status = _tie_break(inst, m, settings, remaining, chosen)

    objective = sum(inst.weight(pi) for pi, _ in chosen)
    gap = None if status in ("INFEASIBLE", "UNKNOWN") else _gap(objective, bound)
    result = _result(inst, status, chosen, objective, bound, gap, started, len(m.x))
    return replace(result, tie_break_status=tie_status)


def _gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return 1.0
    return abs(objective - bound) / max(1.0, abs(objective))


def _tie_break(
    inst: _Instance,
    m: _Model,
    settings: SolverSettings,
    time_limit: float,
    chosen: set[tuple[int, int]],
) -> tuple[set[tuple[int, int]], Literal["OPTIMAL", "FEASIBLE", "SKIPPED"]]:
    groups = inst.groups
    optimum = sum(inst.weight(pi) for pi, _ in chosen)
    latest = max(g.start_date for g in groups)
    m.model.add(m.primary >= optimum)
    keys = list(m.x)
    weights = [
        (latest - groups[gj].start_date).days * TIE_JITTER
        + _jitter(inst.participants[pi].id, groups[gj].id)
        for pi, gj in keys
    ]
    m.model.maximize(cp_model.LinearExpr.weighted_sum([m.x[k] for k in keys], weights))
    _hint(m, dict.fromkeys(chosen, True))
    solver = _solver(settings, time_limit)
    code = solver.solve(m.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        better = {key for key, var in m.x.items() if solver.boolean_value(var)}
        return better, "OPTIMAL" if code == cp_model.OPTIMAL else "FEASIBLE"
    return chosen, "SKIPPED"


def _result(
    inst: _Instance,
    status: SolveStatus,
    chosen: set[tuple[int, int]],
    objective: int,
    bound: float,
    gap: float | None,
    started: float,
    candidate_pairs: int,
) -> AssignmentResult:
    groups = inst.groups
    load: dict[int, int] = defaultdict(int)
    of_participant: dict[int, list[int]] = defaultdict(list)
    for pi, gj in chosen:
        load[gj] += 1
        of_participant[pi].append(gj)
    placements: list[Placement] = []
    unplaced: list[UnplacedNeed] = []
    if status != "INFEASIBLE" and (chosen or status != "UNKNOWN"):
        for pi, p in enumerate(inst.participants):
            by_kind = {groups[gj].kind: gj for gj in of_participant.get(pi, [])}
            for kind in sorted(p.needs, key=_KIND_ORDER.__getitem__):
                if kind in by_kind:
                    gj = by_kind[kind]
                    placements.append(Placement(p.id, groups[gj].id, kind, (pi, gj) in inst.fixed))
                else:
                    unplaced.append(_explain(inst, pi, kind, load, of_participant.get(pi, [])))
    loads = tuple(
        GroupLoad(g.id, g.kind, load.get(gj, 0), g.min_size, g.max_size, g.must_reach_min)
        for gj, g in enumerate(groups)
    )
    overrides = tuple(
        PinOverride(inst.participants[pi].id, groups[gj].id, inst.failed[(pi, gj)])
        for pi, gj in sorted(inst.fixed)
        if inst.failed[(pi, gj)]
    )
    return AssignmentResult(
        status=status,
        placements=tuple(placements),
        unplaced=tuple(unplaced),
        groups=loads,
        pin_overrides=overrides,
        objective=objective,
        best_bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        candidate_pairs=candidate_pairs,
    )

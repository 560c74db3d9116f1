"""Benchmark for :mod:`spil.programmes.assignment` on a realistic random instance.

With childcare and transport on: a quarter of the participants need childcare (school days'
mornings and afternoons, some days only), some groups offer childcare, and everyone has a
means of transport and a maximum travel time to the groups (distances between the three
towns plus a few km within a town, estimated with ``spil.core.travel``).

``python -m spil.programmes.assignment_bench [participants] [groups] [seed]`` prints the JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypedDict

from spil.core.travel import Transport, travel_minutes
from spil.core.week import WORKDAYS
from spil.programmes.assignment import (
    MOMENTS,
    DayPart,
    Group,
    GroupKind,
    Id,
    Participant,
    SolverSettings,
    solve_assignment,
)

MUNICIPALITIES = ("Zwolle", "Kampen", "Deventer")
#: straight-line km between the towns (about)
DISTANCE_KM = {
    frozenset({"Zwolle", "Kampen"}): 13.0,
    frozenset({"Zwolle", "Deventer"}): 33.0,
    frozenset({"Kampen", "Deventer"}): 45.0,
}
TRANSPORTS = (
    (Transport.BIKE, 0.5),
    (Transport.PUBLIC_TRANSPORT, 0.3),
    (Transport.WALK, 0.1),
    (Transport.CAR, 0.1),
)
CHILDCARE_SHARE = 0.25
CHILDCARE_AT_GROUP_SHARE = 0.3
NEIGHBOURS = {"Zwolle": ("Kampen",), "Kampen": ("Zwolle",), "Deventer": ("Zwolle",)}
# Mother tongues of the waiting population; instruction in Dutch or (MAP/PVT) the mother tongue.
MOTHER_TONGUES = (("ara", 0.4), ("tir", 0.3), ("ukr", 0.2), ("eng", 0.1))
WEEKDAYS_MON_FRI: tuple[str, ...] = tuple(day.value for day in WORKDAYS)
TODAY = date(2026, 9, 1)


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _participant(rng: random.Random, pid: int) -> Participant:
    home = rng.choice(MUNICIPALITIES)
    locations = {home}
    if rng.random() < 0.35:
        locations |= set(NEIGHBOURS[home])
    mother = _weighted(rng, MOTHER_TONGUES)
    languages = {mother}
    if rng.random() < 0.45:
        languages.add("nld")  # some Dutch after a year of lessons
    if mother != "eng" and rng.random() < 0.15:
        languages.add("eng")
    # Lessons and work take fixed day-parts; the rest is free, evenings mostly.
    available: set[DayPart] = set()
    works_mornings = rng.random() < 0.3
    for day in WEEKDAYS_MON_FRI:
        for moment in MOMENTS:
            p_free = {"morning": 0.5, "afternoon": 0.55, "evening": 0.75}[moment]
            if works_mornings and moment != "evening":
                p_free /= 3
            if rng.random() < p_free:
                available.add((day, moment))
    roll = rng.random()
    needs = (
        {GroupKind.MAP}
        if roll < 0.35
        else {GroupKind.PVT}
        if roll < 0.6
        else {GroupKind.TRAINING}
        if roll < 0.75
        else {GroupKind.MAP, GroupKind.PVT}
        if roll < 0.9
        else {GroupKind.PVT, GroupKind.TRAINING}
    )
    return Participant(
        id=pid,
        available=available,
        languages=languages,
        locations=locations,
        earliest_start=TODAY + timedelta(days=rng.randint(0, 30)),
        waiting_since=TODAY - timedelta(days=rng.randint(0, 365)),
        needs=needs,
    )


def _group(rng: random.Random, gid: int) -> Group:
    kind = rng.choices(list(GroupKind), weights=[0.4, 0.35, 0.25])[0]
    if kind is GroupKind.TRAINING or rng.random() < 0.4:
        language = "nld"
    else:
        language = _weighted(rng, MOTHER_TONGUES)
    interpreters: set[str] = set()
    if language == "nld" and rng.random() < (0.3 if kind is GroupKind.TRAINING else 0.5):
        interpreters.add(_weighted(rng, MOTHER_TONGUES))
    day = rng.choice(WEEKDAYS_MON_FRI)
    moment = rng.choices(MOMENTS, weights=[0.35, 0.35, 0.3])[0]
    dayparts: set[DayPart] = {(day, moment)}
    if rng.random() < 0.3:  # some groups meet twice a week
        dayparts.add((rng.choice([d for d in WEEKDAYS_MON_FRI if d != day]), moment))
    max_size = rng.randint(6, 10)
    return Group(
        id=f"g{gid}",
        kind=kind,
        min_size=min(6, max_size),
        max_size=max_size,
        language=language,
        interpreter_languages=interpreters,
        location=rng.choice(MUNICIPALITIES),
        dayparts=dayparts,
        start_date=TODAY + timedelta(days=rng.randint(7, 90)),
        must_reach_min=rng.random() < 0.25,
    )


class BenchmarkFigures(TypedDict):
    participants: int
    groups: int
    seconds: float
    assigned: int
    unassigned: int
    placements: int
    needs: int
    seats: int
    groups_running: int
    groups_below_min: int
    candidate_pairs: int
    needing_childcare: int
    objective: int
    status: str
    gap: float | None
    tie_break: str


def _practical(
    rng: random.Random, participant: Participant, home: str, groups: list[Group]
) -> Participant:
    """Childcare and transport for a participant living in `home`."""
    childcare = None
    if rng.random() < CHILDCARE_SHARE:
        days = rng.sample(WEEKDAYS_MON_FRI, rng.randint(3, 5))
        childcare = {(day, moment) for day in days for moment in ("morning", "afternoon")}
    modes = [m for m, _ in TRANSPORTS]
    transport = rng.choices(modes, weights=[w for _, w in TRANSPORTS])[0]
    limit = float(rng.choice((30, 45, 60)))
    minutes: dict[Id, float] = {}
    for group in groups:
        km = 0.0 if group.location == home else DISTANCE_KM[frozenset({home, group.location})]
        minutes[group.id] = round(travel_minutes(km + rng.uniform(0.5, 4.0), transport), 1)
    return replace(
        participant, childcare=childcare, max_travel_minutes=limit, travel_minutes=minutes
    )


def make_instance(
    participants: int = 600, groups: int = 60, seed: int = 1, *, practical: bool = True
) -> tuple[list[Participant], list[Group]]:
    """Random participants and groups; with `practical` also childcare and transport (drawn
    from a second random stream, so the rest of the instance is the same either way)."""
    rng = random.Random(seed)
    ps = [_participant(rng, i) for i in range(participants)]
    gs = [_group(rng, j) for j in range(groups)]
    if not practical:
        return ps, gs
    extra = random.Random(seed + 7919)
    gs = [replace(g, offers_childcare=extra.random() < CHILDCARE_AT_GROUP_SHARE) for g in gs]
    # a participant's home is the first of their acceptable locations drawn (see _participant)
    ps = [_practical(extra, p, _home(p), gs) for p in ps]
    return ps, gs


def _home(participant: Participant) -> str:
    if len(participant.locations) == 1:
        return next(iter(participant.locations))
    # home plus its neighbours: the home is the one whose neighbours are the others
    for town in sorted(participant.locations):
        if set(NEIGHBOURS[town]) | {town} == set(participant.locations):
            return town
    return sorted(participant.locations)[0]


def run_benchmark(
    participants: int = 600,
    groups: int = 60,
    seed: int = 1,
    settings: SolverSettings | None = None,
) -> BenchmarkFigures:
    """Generate an instance, solve it and report the figures.

    ``assigned`` counts participants with at least one placement, ``unassigned`` those with
    none (so they add up to ``participants``); ``placements`` and ``needs`` count per kind.
    ``seconds`` is the wall time of :func:`solve_assignment` (both solves).
    """
    ps, gs = make_instance(participants, groups, seed)
    settings = settings or SolverSettings(time_limit_s=20.0, random_seed=seed)
    started = time.perf_counter()
    result = solve_assignment(ps, gs, settings=settings)
    seconds = time.perf_counter() - started
    placed = {pl.participant_id for pl in result.placements}
    return {
        "participants": participants,
        "groups": groups,
        "seconds": round(seconds, 3),
        "assigned": len(placed),
        "unassigned": participants - len(placed),
        "placements": len(result.placements),
        "needs": sum(len(p.needs) for p in ps),
        "seats": sum(g.max_size for g in gs),
        "groups_running": sum(1 for g in result.groups if g.running),
        "groups_below_min": sum(1 for g in result.groups if g.below_min),
        "candidate_pairs": result.candidate_pairs,
        "needing_childcare": sum(1 for p in ps if p.childcare is not None),
        "objective": result.objective,
        "status": result.status,
        "gap": result.gap,
        "tie_break": result.tie_break_status,
    }


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv[1:4]] + [600, 60, 1][len(argv[1:4]) :]
    print(json.dumps(run_benchmark(sizes[0], sizes[1], sizes[2]), indent=2))


if __name__ == "__main__":
    main(sys.argv)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `spil bench groups`."""
    parser.add_argument("--participants", type=int, default=600)
    parser.add_argument("--groups", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)


def run(**options: Any) -> dict[str, Any]:
    """`spil bench groups`: assign waiting participants to MAP, PVT and training groups."""
    figures = run_benchmark(
        participants=options["participants"], groups=options["groups"], seed=options["seed"]
    )
    return dict(figures)

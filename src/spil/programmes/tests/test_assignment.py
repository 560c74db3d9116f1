"""Tests for the group-assignment optimiser (no Django needed)."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from spil.programmes.assignment import (
    AssignmentInputError,
    AssignmentResult,
    Criterion,
    DayPart,
    Group,
    GroupKind,
    Id,
    Participant,
    ReasonCode,
    SolverSettings,
    UnplacedNeed,
    failed_criteria,
    solve_assignment,
)
from spil.programmes.assignment_bench import make_instance, run_benchmark

D0 = date(2026, 9, 1)
MON_AM: DayPart = ("mon", "morning")
TUE_AM: DayPart = ("tue", "morning")
WED_PM: DayPart = ("wed", "evening")
MAP, PVT, TRAINING = GroupKind.MAP, GroupKind.PVT, GroupKind.TRAINING


def part(
    pid: Id,
    *,
    waiting: int = 0,
    free: Iterable[DayPart] = (MON_AM, TUE_AM, WED_PM),
    langs: Iterable[str] = ("nld",),
    locs: Iterable[str] = ("Zwolle",),
    earliest: date = D0,
    needs: Iterable[GroupKind] = (MAP,),
) -> Participant:
    return Participant(
        id=pid,
        available=set(free),
        languages=set(langs),
        locations=set(locs),
        earliest_start=earliest,
        waiting_since=D0 - timedelta(days=waiting),
        needs=set(needs),
    )


def grp(
    gid: Id,
    *,
    kind: GroupKind = MAP,
    min_size: int = 0,
    max_size: int = 10,
    lang: str = "nld",
    interp: Iterable[str] = (),
    loc: str = "Zwolle",
    dayparts: Iterable[DayPart] = (MON_AM,),
    start: date = D0 + timedelta(days=14),
    must: bool = False,
) -> Group:
    return Group(
        id=gid,
        kind=kind,
        min_size=min_size,
        max_size=max_size,
        language=lang,
        interpreter_languages=set(interp),
        location=loc,
        dayparts=set(dayparts),
        start_date=start,
        must_reach_min=must,
    )


def solve(participants, groups, **kwargs) -> AssignmentResult:
    kwargs.setdefault("settings", SolverSettings(time_limit_s=10, random_seed=7))
    return solve_assignment(participants, groups, **kwargs)


def only_unplaced(result: AssignmentResult, pid) -> UnplacedNeed:
    (need,) = result.unplaced_by_participant()[pid]
    return need


def codes(need: UnplacedNeed) -> list[ReasonCode]:
    return [r.code for r in need.reasons]


# ---------------------------------------------------------------------------------------------
# Hand-built instances with a known optimum
# ---------------------------------------------------------------------------------------------


def test_capacity_binding_places_the_longest_waiting():
    ps = [part("new", waiting=5), part("old", waiting=300), part("mid", waiting=100)]
    result = solve(ps, [grp("A", max_size=2)])
    assert result.status == "OPTIMAL"
    assert result.gap == 0
    assert result.by_participant() == {"old": {MAP: "A"}, "mid": {MAP: "A"}}
    need = only_unplaced(result, "new")
    assert need.reasons[0].code is ReasonCode.COMPATIBLE_GROUPS_FULL
    assert need.reasons[0].params == {"kind": "map", "group_ids": ["A"]}
    assert [(g.group_id, g.size, g.free_seats) for g in result.groups] == [("A", 2, 0)]


def test_count_first_then_waiting_time_along_a_chain():
    # p_old fits A only, p_mid fits A and B, p_new fits B only; one seat in each group.
    ps = [
        part("p_new", waiting=10, free=(TUE_AM,)),
        part("p_mid", waiting=100, free=(MON_AM, TUE_AM)),
        part("p_old", waiting=300, free=(MON_AM,)),
    ]
    gs = [grp("A", max_size=1, dayparts=(MON_AM,)), grp("B", max_size=1, dayparts=(TUE_AM,))]
    result = solve(ps, gs)
    assert result.by_participant() == {"p_old": {MAP: "A"}, "p_mid": {MAP: "B"}}
    assert codes(only_unplaced(result, "p_new")) == [ReasonCode.COMPATIBLE_GROUPS_FULL]
    # weight per placement = BIG + wait, wait counted from the latest registration
    big = 1 + (0 + 90 + 290)
    assert result.objective == 2 * big + 290 + 90


def test_language_of_instruction_or_interpreter():
    ps = [
        part("speaks_nld", langs=("nld",)),
        part("ara_with_interpreter", langs=("ara",)),
        part("tir_only", langs=("TIR",)),
    ]
    result = solve(ps, [grp("A", lang="nld", interp=("ara",))])
    assert set(result.by_participant()) == {"speaks_nld", "ara_with_interpreter"}
    need = only_unplaced(result, "tir_only")
    assert codes(need) == [ReasonCode.LANGUAGE_MISMATCH]
    assert need.reasons[0].params == {
        "kind": "map",
        "group_ids": ["A"],
        "languages": ["tir"],
        "offered": ["ara", "nld"],
    }


def test_free_in_every_daypart_of_the_group():
    gs = [grp("A", dayparts=(MON_AM, WED_PM))]
    ps = [part("both", free=(MON_AM, WED_PM)), part("monday_only", free=(MON_AM, TUE_AM))]
    result = solve(ps, gs)
    assert result.by_participant() == {"both": {MAP: "A"}}
    need = only_unplaced(result, "monday_only")
    assert codes(need) == [ReasonCode.NO_DAYPART_MATCH]
    assert need.reasons[0].params["available"] == ["mon-morning", "tue-morning"]
    assert need.group_checks[0].failed == (Criterion.DAYPARTS,)


def test_two_groups_of_one_participant_never_share_a_daypart():
    p = part("p", needs=(MAP, PVT), free=(MON_AM, TUE_AM), waiting=10)
    gs = [
        grp("map_mon", kind=MAP, dayparts=(MON_AM,)),
        grp("pvt_mon", kind=PVT, dayparts=(MON_AM,)),
    ]
    result = solve([p], gs)
    assert len(result.placements) == 1
    placed = result.placements[0]
    (need,) = result.unplaced
    assert need.kind != placed.kind
    assert codes(need) == [ReasonCode.DAYPART_CLASH]
    assert need.reasons[0].params["conflicting_group_ids"] == [placed.group_id]
    # with a PVT group on Tuesday both needs are met
    result = solve([p], [*gs, grp("pvt_tue", kind=PVT, dayparts=(TUE_AM,))])
    assert result.by_participant() == {"p": {MAP: "map_mon", PVT: "pvt_tue"}}


def test_at_most_one_group_per_kind():
    result = solve([part("p")], [grp("A"), grp("B", dayparts=(TUE_AM,))])
    assert len(result.placements) == 1
    assert result.unplaced == ()


def test_location_and_start_date_reasons():
    gs = [grp("far", loc="Kampen", start=D0 + timedelta(days=3))]
    result = solve([part("p", locs=("Zwolle", "Deventer"), earliest=D0 + timedelta(days=30))], gs)
    need = only_unplaced(result, "p")
    assert codes(need) == [ReasonCode.LOCATION_NOT_ACCEPTABLE, ReasonCode.START_DATE_TOO_EARLY]
    loc, start = need.reasons
    assert loc.params == {
        "kind": "map",
        "group_ids": ["far"],
        "acceptable": ["Deventer", "Zwolle"],
        "group_locations": ["Kampen"],
    }
    assert start.params["earliest_start"] == "2026-10-01"
    assert start.params["latest_group_start"] == "2026-09-04"


def test_group_starting_on_the_earliest_start_date_is_fine():
    result = solve([part("p", earliest=D0 + timedelta(days=14))], [grp("A")])
    assert result.by_participant() == {"p": {MAP: "A"}}


def test_no_group_of_kind():
    result = solve([part("p", needs=(TRAINING,))], [grp("A")])
    need = only_unplaced(result, "p")
    assert codes(need) == [ReasonCode.NO_GROUP_OF_KIND]
    assert need.reasons[0].params == {"kind": "training"}
    assert need.group_checks == ()


def test_no_single_group_fits_all():
    gs = [grp("dutch_far", loc="Kampen"), grp("arabic_near", lang="ara")]
    result = solve([part("p", langs=("nld",), locs=("Zwolle",))], gs)
    need = only_unplaced(result, "p")
    assert codes(need) == [ReasonCode.NO_GROUP_FITS_ALL]
    assert need.reasons[0].params["groups"] == [
        {"group_id": "dutch_far", "failed": ["location"]},
        {"group_id": "arabic_near", "failed": ["language"]},
    ]


def test_must_reach_min_group_runs_full_enough_or_not_at_all():
    ps = [part("a", waiting=3), part("b", waiting=2)]
    result = solve(ps, [grp("M", min_size=3, max_size=8, must=True)])
    assert result.placements == ()
    for pid in ("a", "b"):
        assert codes(only_unplaced(result, pid)) == [ReasonCode.GROUP_NOT_RUNNING]
    assert not result.groups[0].running
    # soft minimum: runs, flagged
    result = solve(ps, [grp("M", min_size=3, max_size=8)])
    assert len(result.placements) == 2
    assert result.groups[0].below_min
    # with a third candidate the hard minimum is met
    result = solve([*ps, part("c")], [grp("M", min_size=3, max_size=8, must=True)])
    assert len(result.placements) == 3
    assert not result.groups[0].below_min


# ---------------------------------------------------------------------------------------------
# Planner adjustments
# ---------------------------------------------------------------------------------------------


def test_fixed_pair_is_placed_and_may_override_eligibility():
    ps = [part("old", waiting=300), part("pinned", waiting=0, langs=("tir",))]
    result = solve(ps, [grp("A", max_size=1)], fixed=[("pinned", "A")])
    assert result.by_participant() == {"pinned": {MAP: "A"}}
    assert result.placements[0].fixed
    (override,) = result.pin_overrides
    assert (override.participant_id, override.group_id) == ("pinned", "A")
    assert override.failed == (Criterion.LANGUAGE,)
    assert codes(only_unplaced(result, "old")) == [ReasonCode.COMPATIBLE_GROUPS_FULL]


def test_fixed_pair_blocks_clashing_groups_of_other_kinds():
    p = part("p", needs=(MAP, PVT))
    gs = [grp("map_mon", dayparts=(MON_AM,)), grp("pvt_mon", kind=PVT, dayparts=(MON_AM,))]
    result = solve([p], gs, fixed=[("p", "pvt_mon")])
    assert result.by_participant() == {"p": {PVT: "pvt_mon"}}
    need = only_unplaced(result, "p")
    assert codes(need) == [ReasonCode.DAYPART_CLASH]


def test_forbidden_pair():
    ps = [part("old", waiting=300), part("new")]
    result = solve(ps, [grp("A", max_size=1)], forbidden=[("old", "A")])
    assert result.by_participant() == {"new": {MAP: "A"}}
    need = only_unplaced(result, "old")
    assert codes(need) == [ReasonCode.FORBIDDEN_BY_PLANNER]
    assert need.group_checks[0].failed == (Criterion.FORBIDDEN,)
    # with an alternative group the forbidden pair just moves the participant
    result = solve(
        ps, [grp("A", max_size=1), grp("B", dayparts=(TUE_AM,))], forbidden=[("old", "A")]
    )
    assert result.by_participant()["old"] == {MAP: "B"}
    assert result.by_participant()["new"] in ({MAP: "A"}, {MAP: "B"})


def test_fixed_pin_forcing_an_unreachable_minimum_is_infeasible():
    result = solve(
        [part("a"), part("b", langs=("ara",))],
        [grp("M", min_size=2, max_size=5, must=True)],
        fixed=[("a", "M")],
    )
    assert result.status == "INFEASIBLE"
    assert result.placements == ()
    assert result.gap is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"fixed": [("ghost", "A")]}, "unknown_participant"),
        ({"forbidden": [("p", "ghost")]}, "unknown_group"),
        ({"fixed": [("p", "A")], "forbidden": [("p", "A")]}, "fixed_and_forbidden"),
        ({"fixed": [("p", "T")]}, "kind_not_needed"),
        ({"fixed": [("p", "A"), ("p", "B")]}, "two_fixed_of_kind"),
        ({"fixed": [("p", "A"), ("p", "P")]}, "fixed_daypart_clash"),
        ({"fixed": [("p", "one"), ("q", "one")]}, "fixed_over_capacity"),
    ],
)
def test_inconsistent_adjustments_raise(kwargs, code):
    ps = [part("p", needs=(MAP, PVT)), part("q")]
    gs = [
        grp("A"),
        grp("B", dayparts=(TUE_AM,)),
        grp("P", kind=PVT),
        grp("T", kind=TRAINING),
        grp("one", max_size=1, dayparts=(WED_PM,)),
    ]
    with pytest.raises(AssignmentInputError) as exc:
        solve(ps, gs, **kwargs)
    assert exc.value.code == code


def test_invalid_input_raises():
    with pytest.raises(AssignmentInputError, match="duplicate_participant"):
        solve([part("p"), part("p")], [grp("A")])
    with pytest.raises(AssignmentInputError, match="duplicate_group"):
        solve([part("p")], [grp("A"), grp("A")])
    with pytest.raises(AssignmentInputError, match="invalid_daypart"):
        part("p", free=(("mon", "night"),))
    with pytest.raises(AssignmentInputError, match="invalid_capacity"):
        grp("A", min_size=11, max_size=10)


def test_empty_inputs():
    assert solve([], [grp("A")]).placements == ()
    result = solve([part("p")], [])
    assert codes(only_unplaced(result, "p")) == [ReasonCode.NO_GROUP_OF_KIND]
    assert result.status == "OPTIMAL"


# ---------------------------------------------------------------------------------------------
# Determinism and the benchmark
# ---------------------------------------------------------------------------------------------


def test_same_seed_same_answer_and_input_order_does_not_matter():
    ps, gs = make_instance(150, 15, seed=4)
    settings = SolverSettings(time_limit_s=20, random_seed=3)
    first = solve_assignment(ps, gs, settings=settings)
    second = solve_assignment(ps, gs, settings=settings)
    assert first.status == "OPTIMAL"
    assert first.tie_break_status == "OPTIMAL"
    assert first.placements == second.placements
    assert first.unplaced == second.unplaced
    shuffled = solve_assignment(list(reversed(ps)), list(reversed(gs)), settings=settings)
    assert set(shuffled.placements) == set(first.placements)
    assert shuffled.objective == first.objective


def test_without_hint_or_tie_break_the_objective_is_the_same():
    ps, gs = make_instance(150, 15, seed=5)
    full = solve_assignment(ps, gs)
    bare = solve_assignment(
        ps, gs, settings=SolverSettings(greedy_hint=False, tie_break=False, subsolvers=())
    )
    assert full.objective == bare.objective
    assert bare.tie_break_status == "SKIPPED"


def test_benchmark_small_is_consistent():
    figures = run_benchmark(participants=80, groups=8, seed=2)
    assert figures["participants"] == 80
    assert figures["groups"] == 8
    assert figures["assigned"] + figures["unassigned"] == 80
    assert figures["status"] == "OPTIMAL"
    assert figures["gap"] is not None
    assert figures["gap"] <= 0.01
    assert figures["placements"] <= figures["seats"]
    assert figures["placements"] >= figures["assigned"]
    assert figures["objective"] > 0
    json.dumps(figures)


def test_explanations_are_json_serialisable():
    ps, gs = make_instance(120, 12, seed=6)
    result = solve_assignment(ps, gs)
    assert result.unplaced
    for need in result.unplaced:
        assert need.reasons
        json.dumps(need.to_dict())
    # Every need is either placed or explained.
    assert len(result.placements) + len(result.unplaced) == sum(len(p.needs) for p in ps)


# ---------------------------------------------------------------------------------------------
# Brute force on tiny random instances
# ---------------------------------------------------------------------------------------------

DAYPARTS = (MON_AM, TUE_AM, WED_PM)


def random_tiny(rng: random.Random):
    n_p, n_g = rng.randint(1, 6), rng.randint(1, 3)
    groups = [
        grp(
            f"g{j}",
            kind=rng.choice((MAP, PVT)),
            min_size=(lo := rng.randint(0, 2)),
            max_size=rng.randint(max(1, lo), 3),
            lang=rng.choice(("nld", "ara")),
            interp=rng.choice(((), ("tir",))),
            loc=rng.choice(("Zwolle", "Kampen")),
            dayparts=rng.sample(DAYPARTS, rng.randint(1, 2)),
            start=D0 + timedelta(days=rng.randint(0, 20)),
            must=rng.random() < 0.4,
        )
        for j in range(n_g)
    ]
    participants = [
        part(
            f"p{i}",
            waiting=rng.randint(0, 400),
            free=rng.sample(DAYPARTS, rng.randint(1, 3)),
            langs=rng.sample(("nld", "ara", "tir"), rng.randint(1, 2)),
            locs=rng.sample(("Zwolle", "Kampen"), rng.randint(1, 2)),
            earliest=D0 + timedelta(days=rng.randint(0, 20)),
            needs=rng.choice(((MAP,), (PVT,), (MAP, PVT))),
        )
        for i in range(n_p)
    ]
    pairs = [(p.id, g.id) for p in participants for g in groups]
    forbidden = set(rng.sample(pairs, rng.randint(0, min(2, len(pairs)))))
    fixed: set[tuple[Id, Id]] = set()
    if rng.random() < 0.3:
        p, g = rng.choice(participants), rng.choice(groups)
        if g.kind in p.needs and (p.id, g.id) not in forbidden:
            fixed.add((p.id, g.id))
    return participants, groups, fixed, forbidden


def eligible(p, g) -> bool:
    """Independent re-statement of the hard per-pair constraints."""
    return (
        g.kind in p.needs
        and all(dp in p.available for dp in g.dayparts)
        and (
            g.language in p.languages
            or any(lang in p.languages for lang in g.interpreter_languages)
        )
        and g.location in p.locations
        and g.start_date >= p.earliest_start
    )


def brute_force_best(participants, groups, fixed, forbidden) -> tuple[int, int] | None:
    """(best weighted objective, most placements) over all feasible solutions."""
    latest = max(p.waiting_since for p in participants)
    wait = {p.id: (latest - p.waiting_since).days for p in participants}
    big = 1 + sum(wait[p.id] * len(p.needs) for p in participants)
    needs = [(p, kind) for p in participants for kind in sorted(p.needs)]
    options: list[list[Group | None]] = []
    for p, kind in needs:
        pinned = [g for g in groups if (p.id, g.id) in fixed and g.kind == kind]
        if pinned:
            options.append(list(pinned))
        else:
            ok: list[Group | None] = [
                g
                for g in groups
                if g.kind == kind and (p.id, g.id) not in forbidden and eligible(p, g)
            ]
            options.append([None, *ok])
    best = None
    most = 0
    for choice in itertools.product(*options):
        load: dict[Id, int] = {}
        busy: dict[Id, set[DayPart]] = {}
        valid = True
        for (p, _), g in zip(needs, choice, strict=True):
            if g is None:
                continue
            load[g.id] = load.get(g.id, 0) + 1
            taken = busy.setdefault(p.id, set())
            if load[g.id] > g.max_size or taken & set(g.dayparts):
                valid = False
                break
            taken |= set(g.dayparts)
        if not valid:
            continue
        if any(g.must_reach_min and 0 < load.get(g.id, 0) < g.min_size for g in groups):
            continue
        value = sum(big + wait[p.id] for (p, _), g in zip(needs, choice, strict=True) if g)
        best = value if best is None else max(best, value)
        most = max(most, sum(1 for g in choice if g is not None))
    return None if best is None else (best, most)


def test_cp_sat_matches_brute_force_on_tiny_random_instances():
    rng = random.Random(20260901)
    checked = infeasible = 0
    for _ in range(120):
        participants, groups, fixed, forbidden = random_tiny(rng)
        try:
            result = solve_assignment(
                participants,
                groups,
                fixed=fixed,
                forbidden=forbidden,
                settings=SolverSettings(time_limit_s=5, random_seed=1),
            )
        except AssignmentInputError:
            continue
        best = brute_force_best(participants, groups, fixed, forbidden)
        if best is None:
            assert result.status == "INFEASIBLE"
            infeasible += 1
            continue
        assert result.status == "OPTIMAL"
        assert result.objective == best[0]
        assert len(result.placements) == best[1]  # the count dominates the waiting time
        # the returned solution satisfies the constraints the brute force checks
        by_id = {g.id: g for g in groups}
        participants_by_id = {p.id: p for p in participants}
        for pl in result.placements:
            if (pl.participant_id, pl.group_id) not in fixed:
                assert eligible(participants_by_id[pl.participant_id], by_id[pl.group_id])
                assert (pl.participant_id, pl.group_id) not in forbidden
        for load in result.groups:
            assert load.size <= load.max_size
            if load.must_reach_min:
                assert load.size == 0 or load.size >= load.min_size
        checked += 1
    assert checked >= 80


def test_failed_criteria_is_empty_for_an_eligible_pair():
    assert failed_criteria(part("p"), grp("A")) == ()


# ---------------------------------------------------------------------------------------------
# Childcare and transport (issue 16)
# ---------------------------------------------------------------------------------------------


def test_childcare_only_in_groups_within_its_hours_or_with_childcare():
    parent = replace(part("parent", free=(MON_AM, WED_PM)), childcare={MON_AM})
    evening = grp("evening", dayparts=(WED_PM,))
    assert failed_criteria(parent, evening) == (Criterion.CHILDCARE,)
    assert failed_criteria(parent, grp("morning", dayparts=(MON_AM,))) == ()
    creche = replace(evening, id="creche", offers_childcare=True)
    assert failed_criteria(parent, creche) == ()
    need = only_unplaced(solve([parent], [evening]), "parent")
    assert codes(need) == [ReasonCode.CHILDCARE_NOT_COVERED]
    assert need.reasons[0].params["covered"] == ["mon-morning"]
    assert solve([parent], [evening, creche]).by_participant() == {"parent": {MAP: "creche"}}


def test_transport_only_in_groups_within_the_travel_time():
    walker = replace(
        part("walker", locs=("Zwolle", "Kampen")),
        max_travel_minutes=30,
        travel_minutes={"near": 12.0, "far": 95.0},
    )
    near, far = grp("near"), grp("far", loc="Kampen")
    unknown = grp("unknown")
    assert failed_criteria(walker, far) == (Criterion.TRAVEL,)
    assert failed_criteria(walker, near) == ()
    assert failed_criteria(walker, unknown) == ()  # an unknown travel time never excludes
    need = only_unplaced(solve([walker], [far]), "walker")
    assert codes(need) == [ReasonCode.TRAVEL_TOO_LONG]
    assert need.reasons[0].params["shortest_minutes"] == 95
    assert need.reasons[0].params["max_minutes"] == 30
    assert solve([walker], [far, near]).by_participant() == {"walker": {MAP: "near"}}


def test_the_benchmark_instance_has_childcare_and_transport_and_stays_optimal():
    ps, gs = make_instance(120, 12, seed=3)
    assert any(p.childcare is not None for p in ps)
    assert any(g.offers_childcare for g in gs)
    assert all(p.max_travel_minutes and len(p.travel_minutes) == len(gs) for p in ps)
    bare_ps, _ = make_instance(120, 12, seed=3, practical=False)
    assert all(p.childcare is None and p.max_travel_minutes is None for p in bare_ps)
    result = solve_assignment(ps, gs, settings=SolverSettings(time_limit_s=20, random_seed=3))
    assert result.status == "OPTIMAL"
    for placement in result.placements:
        participant = next(p for p in ps if p.id == placement.participant_id)
        group = next(g for g in gs if g.id == placement.group_id)
        assert failed_criteria(participant, group) == ()

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from spil.placements.assignment import (
    ArraySolution,
    assign,
    rank_candidates_for,
    rank_offers_for,
    solve_greedy_arrays,
    solve_optimal_arrays,
)
from spil.placements.scoring import (
    CEFR,
    Geo,
    Transport,
    build_edges,
    explain,
)
from spil.placements.tests.factories import (
    CLEANER,
    COOK,
    WAITER,
    make_candidate,
    make_offer,
)

Edge = tuple[int, int, int]  # candidate index, offer index, score


def brute_force(edges: list[Edge], n: int, caps: list[int]) -> int:
    """Exhaustive maximum: every candidate takes one of its edges or stays unassigned."""
    by_cand: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, j, s in edges:
        by_cand[i].append((j, s))
    left = list(caps)
    best = 0

    def rec(i: int, total: int) -> None:
        nonlocal best
        if i == n:
            best = max(best, total)
            return
        rec(i + 1, total)
        for j, s in by_cand[i]:
            if left[j] > 0:
                left[j] -= 1
                rec(i + 1, total + s)
                left[j] += 1

    rec(0, 0)
    return best


def arrays(edges: list[Edge]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.array(edges, dtype=np.int64).reshape(-1, 3)
    return a[:, 0].astype(np.int32), a[:, 1].astype(np.int32), a[:, 2].astype(np.int32)


def assert_valid(sol: ArraySolution, edges: list[Edge], n: int, caps: list[int]) -> None:
    chosen = [edges[k] for k in np.flatnonzero(sol.chosen)]
    per_cand = Counter(i for i, _, _ in chosen)
    per_offer = Counter(j for _, j, _ in chosen)
    assert all(v <= 1 for v in per_cand.values())
    assert all(per_offer[j] <= caps[j] for j in per_offer)
    assert sol.objective == sum(s for _, _, s in chosen)


# ---------------------------------------------------------------- brute force


def random_instance(rnd: random.Random) -> tuple[list[Edge], int, list[int]]:
    n, m = rnd.randint(0, 6), rnd.randint(0, 4)
    caps = [rnd.randint(0, 3) for _ in range(m)]
    density = rnd.random()
    pool = [0, 1, 500, 500, 999, 1000] if rnd.random() < 0.3 else list(range(0, 1001))
    edges = [(i, j, rnd.choice(pool)) for i in range(n) for j in range(m) if rnd.random() < density]
    return edges, n, caps


def test_optimal_equals_brute_force_and_beats_greedy() -> None:
    rnd = random.Random(2024)
    strictly_better = 0
    for _ in range(400):
        edges, n, caps = random_instance(rnd)
        c, o, s = arrays(edges)
        cap_arr = np.array(caps, np.int64)
        opt = solve_optimal_arrays(c, o, s, n, cap_arr)
        greedy = solve_greedy_arrays(c, o, s, n, cap_arr)
        assert opt.optimal
        assert opt.status == "OPTIMAL"
        assert not greedy.optimal
        assert_valid(opt, edges, n, caps)
        assert_valid(greedy, edges, n, caps)
        assert opt.objective == brute_force(edges, n, caps)
        assert opt.objective >= greedy.objective
        strictly_better += opt.objective > greedy.objective
    assert strictly_better > 0  # the instances do exercise greedy's weakness


def test_greedy_trap_instance() -> None:
    # greedy takes (0,0)=10 and blocks both; optimum is (0,1)+(1,0) = 9+9
    edges = [(0, 0, 10), (0, 1, 9), (1, 0, 9)]
    c, o, s = arrays(edges)
    caps = np.array([1, 1], np.int64)
    assert solve_greedy_arrays(c, o, s, 2, caps).objective == 10
    assert solve_optimal_arrays(c, o, s, 2, caps).objective == 18


def test_brute_force_on_dataclass_instances(geo: Geo) -> None:
    rnd = random.Random(99)
    occs = [COOK, WAITER, CLEANER]
    for _ in range(60):
        cands = [
            make_candidate(
                f"c{i}",
                dream_job=rnd.choice(occs),
                plan_b=rnd.choice([None, *occs]),
                speaking=CEFR(rnd.randint(0, 3)),
                listening=CEFR(rnd.randint(0, 3)),
                home_pc4=rnd.choice([None, "1000", "1001", "1002", "1004"]),
                transport=rnd.choice(list(Transport)),
                max_travel_minutes=rnd.choice([15, 30, 60]),
                hours_available=rnd.choice([8.0, 16.0, 32.0]),
            )
            for i in range(rnd.randint(1, 6))
        ]
        offs = [
            make_offer(
                f"o{j}",
                occupation=rnd.choice(occs),
                places=rnd.randint(0, 2),
                required_speaking=CEFR(rnd.randint(0, 3)),
                hours_per_week=rnd.choice([8.0, 16.0]),
                location_pc4=rnd.choice(["1000", "1001", "1003"]),
            )
            for j in range(rnd.randint(1, 4))
        ]
        run = assign(cands, offs, geo=geo)
        edges = build_edges(cands, offs, geo=geo)
        triples = [
            (int(i), int(j), int(s))
            for i, j, s in zip(edges.cand, edges.offer, edges.score, strict=True)
        ]
        assert run.optimal.optimal
        assert run.optimal.objective == brute_force(
            triples, len(cands), [o.places for o in sorted(offs, key=lambda o: o.id)]
        )
        assert run.optimal.objective >= run.greedy.objective
        for a in run.optimal.assignments:  # every assignment is a feasible pair
            c = next(x for x in cands if x.id == a.candidate_id)
            o = next(x for x in offs if x.id == a.offer_id)
            e = explain(c, o, geo=geo)
            assert e.feasible
            assert abs(e.total - a.score) <= 1


# ---------------------------------------------------------------- edge cases


def test_no_offers(geo: Geo) -> None:
    run = assign([make_candidate("c1"), make_candidate("c2")], [], geo=geo)
    assert run.edges == 0
    assert run.optimal.objective == 0
    assert run.optimal.optimal
    assert run.greedy.objective == 0
    assert run.unassigned_candidate_ids == ("c1", "c2")
    assert rank_offers_for(make_candidate(), [], 5, geo=geo) == []


def test_no_candidates(geo: Geo) -> None:
    run = assign([], [make_offer()], geo=geo)
    assert run.edges == 0
    assert run.optimal.optimal
    assert run.optimal.assignments == ()
    assert rank_candidates_for(make_offer(), [], 5, geo=geo) == []


def test_every_pair_infeasible(geo: Geo) -> None:
    cands = [make_candidate(f"c{i}", speaking=CEFR.A0) for i in range(3)]
    offs = [make_offer(f"o{j}", required_speaking=CEFR.B1) for j in range(2)]
    run = assign(cands, offs, geo=geo)
    assert run.edges == 0
    assert run.optimal.objective == 0
    assert run.optimal.optimal
    assert run.optimal.assignments == ()
    assert len(run.unassigned_candidate_ids) == 3
    assert rank_offers_for(cands[0], offs, 5, geo=geo) == []
    shown = rank_offers_for(cands[0], offs, 5, geo=geo, include_infeasible=True)
    assert [e.offer_id for e in shown] == ["o0", "o1"]
    assert all(not e.feasible and e.violations[0].rule == "language" for e in shown)


def test_offer_with_more_places_than_candidates(geo: Geo) -> None:
    cands = [make_candidate(f"c{i}") for i in range(3)]
    run = assign(cands, [make_offer("big", places=10)], geo=geo)
    assert {a.offer_id for a in run.optimal.assignments} == {"big"}
    assert len(run.optimal.assignments) == 3
    assert run.greedy.objective == run.optimal.objective


def test_offer_without_places_gets_nobody(geo: Geo) -> None:
    run = assign([make_candidate()], [make_offer("full", places=0)], geo=geo)
    assert run.edges == 0
    assert rank_offers_for(make_candidate(), [make_offer("full", places=0)], 3, geo=geo) == []


def test_person_without_postcode_is_matched_with_neutral_travel(geo: Geo) -> None:
    nomad = make_candidate("c-nopc", home_pc4=None, transport=Transport.WALK, max_travel_minutes=5)
    far = make_offer("far", location_pc4="1009")
    run = assign([nomad], [far], geo=geo)
    assert [(a.candidate_id, a.offer_id) for a in run.optimal.assignments] == [("c-nopc", "far")]
    (top,) = rank_offers_for(nomad, [far], 3, geo=geo)
    assert top.feasible
    assert top.part("travel").known is False


def test_ties_are_broken_by_id(geo: Geo) -> None:
    cand = make_candidate("c1")
    offs = [make_offer(oid) for oid in ("o-b", "o-c", "o-a")]  # identical offers
    ranked = rank_offers_for(cand, offs, 3, geo=geo)
    assert [e.offer_id for e in ranked] == ["o-a", "o-b", "o-c"]
    assert len({e.total for e in ranked}) == 1
    assert [e.offer_id for e in rank_offers_for(cand, offs, 2, geo=geo)] == ["o-a", "o-b"]
    cands = [make_candidate(cid) for cid in ("z", "m", "a")]
    ranked_c = rank_candidates_for(offs[0], cands, 3, geo=geo)
    assert [e.candidate_id for e in ranked_c] == ["a", "m", "z"]


def test_ties_in_assignment_are_deterministic(geo: Geo) -> None:
    cands = [make_candidate(cid) for cid in ("c3", "c1", "c2")]
    offs = [make_offer(oid) for oid in ("o2", "o1")]
    first = assign(cands, offs, geo=geo)
    for perm in ([cands[2], cands[0], cands[1]], list(reversed(cands))):
        again = assign(perm, list(reversed(offs)), geo=geo)
        assert again.optimal.assignments == first.optimal.assignments
        assert again.greedy.assignments == first.greedy.assignments
    assert len(first.optimal.assignments) == 2
    # greedy takes ties in id order: c1 -> o1, c2 -> o2
    assert [(a.candidate_id, a.offer_id) for a in first.greedy.assignments] == [
        ("c1", "o1"),
        ("c2", "o2"),
    ]


def test_ranking_orders_by_score_and_explains(geo: Geo) -> None:
    cand = make_candidate("c1", dream_job=COOK, plan_b=WAITER)
    offs = [
        make_offer("o-cleaner", occupation=CLEANER),
        make_offer("o-cook", occupation=COOK),
        make_offer("o-waiter", occupation=WAITER),
        make_offer("o-far", occupation=COOK, location_pc4="1009"),
    ]
    ranked = rank_offers_for(cand, offs, 10, geo=geo)
    assert [e.offer_id for e in ranked] == ["o-cook", "o-waiter", "o-cleaner"]
    assert all(e.total == sum(p.points for p in e.parts) for e in ranked)
    with_infeasible = rank_offers_for(cand, offs, 10, geo=geo, include_infeasible=True)
    assert with_infeasible[-1].offer_id == "o-far"
    assert with_infeasible[-1].violations[0].rule == "travel"
    assert rank_offers_for(cand, offs, 0, geo=geo) == []


def test_duplicate_ids_rejected(geo: Geo) -> None:
    with pytest.raises(ValueError, match="duplicate candidate"):
        assign([make_candidate("x"), make_candidate("x")], [make_offer()], geo=geo)
    with pytest.raises(ValueError, match="duplicate offer"):
        assign([make_candidate()], [make_offer("x"), make_offer("x")], geo=geo)


def test_solver_rejects_bad_arrays() -> None:
    c, o, s = arrays([(0, 0, 1001)])
    with pytest.raises(ValueError, match="scores"):
        solve_optimal_arrays(c, o, s, 1, np.array([1], np.int64))
    with pytest.raises(ValueError, match="candidate index"):
        solve_optimal_arrays(c, o, np.array([5], np.int32), 0, np.array([1], np.int64))

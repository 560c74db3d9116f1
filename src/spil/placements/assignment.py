"""Region-wide optimal assignment of candidates to placement offers, plus ranking lists.

Model (maximise total fit; placing someone is optional):

    source --(cap 1, cost 0)--> candidate i --(cap 1, cost SCALE - s_ij)--> offer j
    offer j --(cap places_j, cost 0)--> sink
    source --(cap n, cost SCALE)--> sink            ("unassigned" bypass)

with supply n at the source and demand n at the sink. Every unit of flow costs SCALE,
minus the score if it runs through an edge, so ``cost = SCALE * n - total fit`` and a
minimum-cost flow is a maximum-fit assignment with each candidate <= 1 offer and each
offer <= its places. All capacities and costs are integers, so the min-cost-flow problem
has an integral optimum and OR-Tools' cost-scaling solver returns it exactly; ``optimal``
is taken from the solver status (``OPTIMAL``), not assumed.

The greedy baseline (highest score first, ties by candidate id then offer id) runs on the
same edges for comparison; it is never better than the optimum.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from spil.placements.scoring import (
    DEFAULT_WEIGHTS,
    SCALE,
    BoolArray,
    Candidate,
    EdgeArrays,
    Geo,
    Int64Array,
    IntArray,
    Offer,
    ScoreExplanation,
    Weights,
    build_edges,
    default_geo,
    explain,
)

__all__ = [
    "ArraySolution",
    "Assignment",
    "MatchingRun",
    "SolveResult",
    "assign",
    "rank_candidates_for",
    "rank_offers_for",
    "solve_greedy",
    "solve_greedy_arrays",
    "solve_optimal",
    "solve_optimal_arrays",
]


@dataclass(frozen=True)
class ArraySolution:
    chosen: BoolArray  # per edge: part of the assignment
    objective: int  # sum of the chosen edges' scores
    optimal: bool  # proven optimal by the solver (always False for greedy)
    status: str


def _check_arrays(
    cand: IntArray, offer: IntArray, score: IntArray, n_candidates: int, capacities: Int64Array
) -> None:
    if not (cand.shape == offer.shape == score.shape):
        raise ValueError("cand, offer and score must have the same length")
    if cand.size:
        if cand.min() < 0 or cand.max() >= n_candidates:
            raise ValueError("candidate index out of range")
        if offer.min() < 0 or offer.max() >= capacities.shape[0]:
            raise ValueError("offer index out of range")
        if score.min() < 0 or score.max() > SCALE:
            raise ValueError(f"scores must be integers in 0..{SCALE}")
    if capacities.size and capacities.min() < 0:
        raise ValueError("capacities must be >= 0")


def solve_optimal_arrays(
    cand: IntArray, offer: IntArray, score: IntArray, n_candidates: int, capacities: Int64Array
) -> ArraySolution:
    """Exact maximum-fit b-matching by OR-Tools min-cost flow (see module docstring)."""
    _check_arrays(cand, offer, score, n_candidates, capacities)
    n, m, e = n_candidates, int(capacities.shape[0]), int(cand.shape[0])
    source, sink = n + m, n + m + 1
    used_c = np.unique(cand).astype(np.int32)
    used_o = np.unique(offer).astype(np.int32)
    tails = np.concatenate(
        [np.full(used_c.size, source, np.int32), cand.astype(np.int32), used_o + n, [source]]
    ).astype(np.int32)
    heads = np.concatenate(
        [used_c, offer.astype(np.int32) + n, np.full(used_o.size, sink, np.int32), [sink]]
    ).astype(np.int32)
    caps = np.concatenate(
        [np.ones(used_c.size + e, np.int64), capacities[used_o].astype(np.int64), [n]]
    ).astype(np.int64)
    costs = np.concatenate(
        [
            np.zeros(used_c.size, np.int64),
            SCALE - score.astype(np.int64),
            np.zeros(used_o.size, np.int64),
            [SCALE],
        ]
    ).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = np.asarray(smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs))
    smcf.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n, -n], np.int64))
    status = smcf.solve()
    optimal = status == smcf.OPTIMAL
    if not optimal:
        return ArraySolution(np.zeros(e, np.bool_), 0, False, str(status.name))
    edge_arcs = arcs[used_c.size : used_c.size + e].astype(np.int32)
    chosen: BoolArray = np.asarray(smcf.flows(edge_arcs)) > 0
    objective = int(score[chosen].astype(np.int64).sum())
    if objective != SCALE * n - int(smcf.optimal_cost()):
        raise AssertionError("min-cost flow objective does not match its cost")
    return ArraySolution(chosen, objective, True, str(status.name))


def solve_greedy_arrays(
    cand: IntArray, offer: IntArray, score: IntArray, n_candidates: int, capacities: Int64Array
) -> ArraySolution:
    """Greedy baseline: take edges by descending score (ties: candidate, offer index)."""
    _check_arrays(cand, offer, score, n_candidates, capacities)
    e = int(cand.shape[0])
    chosen = np.zeros(e, np.bool_)
    order = np.lexsort((offer, cand, -score.astype(np.int64)))
    free_c = np.ones(n_candidates, np.bool_)
    left = capacities.astype(np.int64).copy()
    # drop edges whose offer can never take anyone, and stop once nothing can change
    remaining_c = int(np.unique(cand).size)
    remaining_places = int(left[np.unique(offer)].sum()) if e else 0
    free_list = free_c.tolist()
    left_list = left.tolist()
    cand_list = cand[order].tolist()
    offer_list = offer[order].tolist()
    picked: list[int] = []
    for pos, (i, j) in enumerate(zip(cand_list, offer_list, strict=True)):
        if free_list[i] and left_list[j] > 0:
            free_list[i] = False
            left_list[j] -= 1
            picked.append(pos)
            remaining_c -= 1
            remaining_places -= 1
            if remaining_c == 0 or remaining_places == 0:
                break
    chosen[order[np.array(picked, np.int64)]] = True
    objective = int(score[chosen].astype(np.int64).sum())
    return ArraySolution(chosen, objective, False, "GREEDY")


@dataclass(frozen=True, slots=True)
class Assignment:
    candidate_id: str
    offer_id: str
    score: int


@dataclass(frozen=True)
class SolveResult:
    method: str  # "min_cost_flow" | "greedy"
    assignments: tuple[Assignment, ...]  # sorted by candidate id
    objective: int
    optimal: bool
    status: str
    seconds: float

    def offer_of(self, candidate_id: str) -> str | None:
        for a in self.assignments:
            if a.candidate_id == candidate_id:
                return a.offer_id
        return None


def _result(edges: EdgeArrays, sol: ArraySolution, method: str, seconds: float) -> SolveResult:
    idx = np.flatnonzero(sol.chosen)
    pairs = tuple(
        Assignment(edges.candidate_ids[int(edges.cand[k])], edges.offer_ids[int(edges.offer[k])],
                   int(edges.score[k]))
        for k in idx
    )  # fmt: skip
    return SolveResult(method, pairs, sol.objective, sol.optimal, sol.status, seconds)


def solve_optimal(edges: EdgeArrays) -> SolveResult:
    t0 = time.perf_counter()
    sol = solve_optimal_arrays(
        edges.cand, edges.offer, edges.score, len(edges.candidate_ids), edges.capacities
    )
    return _result(edges, sol, "min_cost_flow", time.perf_counter() - t0)


def solve_greedy(edges: EdgeArrays) -> SolveResult:
    t0 = time.perf_counter()
    sol = solve_greedy_arrays(
        edges.cand, edges.offer, edges.score, len(edges.candidate_ids), edges.capacities
    )
    return _result(edges, sol, "greedy", time.perf_counter() - t0)


@dataclass(frozen=True)
class MatchingRun:
    candidate_ids: tuple[str, ...]
    offer_ids: tuple[str, ...]
    edges: int  # number of feasible pairs
    optimal: SolveResult
    greedy: SolveResult

    @property
    def unassigned_candidate_ids(self) -> tuple[str, ...]:
        placed = {a.candidate_id for a in self.optimal.assignments}
        return tuple(c for c in self.candidate_ids if c not in placed)


def assign(
    candidates: Sequence[Candidate],
    offers: Sequence[Offer],
    *,
    geo: Geo | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> MatchingRun:
    """Build the feasible edges, solve exactly (min-cost flow) and greedily, in one run."""
    edges = build_edges(candidates, offers, geo=geo, weights=weights)
    return MatchingRun(
        edges.candidate_ids, edges.offer_ids, len(edges), solve_optimal(edges), solve_greedy(edges)
    )


def _top_k(
    items: list[ScoreExplanation], k: int, by_offer: bool, include_infeasible: bool
) -> list[ScoreExplanation]:
    if not include_infeasible:
        items = [x for x in items if x.feasible]

    def key(x: ScoreExplanation) -> tuple[bool, int, str]:
        # feasible first, then highest total, then ascending id of the ranked side
        return (not x.feasible, -x.total, x.offer_id if by_offer else x.candidate_id)

    return heapq.nsmallest(max(0, k), items, key=key)


def rank_offers_for(
    candidate: Candidate,
    offers: Sequence[Offer],
    k: int = 10,
    *,
    geo: Geo | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    include_infeasible: bool = False,
) -> list[ScoreExplanation]:
    """The ``k`` best offers for one candidate, each with its explanation.

    Offers without places are skipped. Ties are broken by offer id (ascending), so the
    list is deterministic. With ``include_infeasible`` the infeasible offers follow the
    feasible ones, each with the hard rules it breaks.
    """
    g = geo if geo is not None else default_geo()
    items = [explain(candidate, o, geo=g, weights=weights) for o in offers if o.places > 0]
    return _top_k(items, k, True, include_infeasible)


def rank_candidates_for(
    offer: Offer,
    candidates: Sequence[Candidate],
    k: int = 10,
    *,
    geo: Geo | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    include_infeasible: bool = False,
) -> list[ScoreExplanation]:
    """The ``k`` best candidates for one offer; ties broken by candidate id (ascending)."""
    g = geo if geo is not None else default_geo()
    items = [explain(c, offer, geo=g, weights=weights) for c in candidates]
    return _top_k(items, k, False, include_infeasible)

"""Benchmark: realistic random region-wide instances, edge building, exact and greedy solve.

    PYTHONPATH=src python -m spil.placements.matching_bench --candidates 20000 --offers 15000

Locations are real PC4 codes (``geo/nl_pc4_geonames.tsv``), occupations real ESCO concepts
with their ISCO unit groups (``esco/occupations_nl.csv``), both under ``SPIL_DATA_DIR``.
The random instance is synthetic: no real person is in it.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from spil.core.week import WORKDAYS, DayPart, Moment
from spil.placements.assignment import solve_greedy_arrays, solve_optimal_arrays
from spil.placements.scoring import (
    CEFR,
    Candidate,
    Experience,
    Geo,
    Occupation,
    Offer,
    OfferType,
    Transport,
    build_edges,
    data_dir,
    default_geo,
)

# ISCO unit groups where most placements for newcomers are found (hospitality, cleaning,
# logistics, production, retail, care, construction, technology, green sector)
COMMON_ISCO = (
    "5120", "5131", "9112", "9412", "9321", "9329", "8322", "5223", "5322", "5321",
    "7115", "7411", "7231", "9333", "4321", "7512", "9214", "5141", "7212", "8160",
    "9313", "5153", "7126", "9622", "8332", "6113", "5311", "3412", "7522", "9111",
)  # fmt: skip


@dataclass(frozen=True)
class _EscoOccupation:
    uri: str
    isco: str
    label: str


def load_occupations(directory: Path | None = None) -> list[_EscoOccupation]:
    path = (directory or data_dir()) / "esco" / "occupations_nl.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            _EscoOccupation(r["conceptUri"], r["iscoGroup"], r["preferredLabel"])
            for r in csv.DictReader(fh)
            if len(r["iscoGroup"]) == 4 and r["iscoGroup"].isdigit()
        ]
    return sorted(rows, key=lambda o: o.uri)


def _occ(o: _EscoOccupation) -> Occupation:
    return Occupation(isco_code=o.isco, esco_uri=o.uri, label=o.label)


def generate_instance(
    n_candidates: int, n_offers: int, seed: int, *, geo: Geo | None = None
) -> tuple[list[Candidate], list[Offer]]:
    """A reproducible synthetic instance (same seed, same data)."""
    rng = np.random.default_rng(seed)
    g = geo if geo is not None else default_geo()
    pc4s = g.codes()
    occs = load_occupations()
    common = [i for i, o in enumerate(occs) if o.isco in COMMON_ISCO]
    by_minor: dict[str, list[int]] = {}
    for i, o in enumerate(occs):
        by_minor.setdefault(o.isco[:3], []).append(i)

    def pick_occ(n: int, p_common: float) -> np.ndarray[Any, np.dtype[np.int64]]:
        use_common = rng.random(n) < p_common
        out = rng.integers(0, len(occs), n)
        out[use_common] = np.asarray(common)[rng.integers(0, len(common), int(use_common.sum()))]
        return out

    def related(i: int) -> int:
        """Another occupation in the same ISCO minor group (plan B/C near the dream)."""
        group = by_minor[occs[i].isco[:3]]
        return int(group[int(rng.integers(0, len(group)))])

    # day-part availability: weekday daytime often free, evenings and weekends less so
    dp_prob = np.array(
        [
            0.3 if dp.moment is Moment.EVENING else (0.25 if dp.weekday not in WORKDAYS else 0.6)
            for dp in DayPart
        ]
    )
    all_dp = list(DayPart)
    levels = list(CEFR)
    transports = list(Transport)

    dream = pick_occ(n_candidates, 0.7)
    b_other, c_other = pick_occ(n_candidates, 0.8), pick_occ(n_candidates, 0.8)
    candidates: list[Candidate] = []
    speak = rng.choice(6, n_candidates, p=[0.10, 0.33, 0.35, 0.17, 0.04, 0.01])
    listen = np.clip(speak + rng.choice([-1, 0, 1], n_candidates, p=[0.2, 0.6, 0.2]), 0, 5)
    hours = rng.choice([8, 12, 16, 20, 24, 28, 32, 36], n_candidates)
    transport = rng.choice(4, n_candidates, p=[0.10, 0.45, 0.35, 0.10])
    max_min = rng.choice([20, 30, 45, 60], n_candidates, p=[0.15, 0.40, 0.30, 0.15])
    no_pc4 = rng.random(n_candidates) < 0.03
    home = rng.integers(0, len(pc4s), n_candidates)
    free = rng.random((n_candidates, len(all_dp))) < dp_prob
    for i in range(n_candidates):
        d = int(dream[i])
        plan_b = related(d) if rng.random() < 0.5 else int(b_other[i])
        plan_c = related(d) if rng.random() < 0.3 else int(c_other[i])
        exps: list[Experience] = []
        for _ in range(int(rng.choice(3, p=[0.4, 0.4, 0.2]))):
            src = related(d) if rng.random() < 0.5 else int(pick_occ(1, 0.5)[0])
            exps.append(
                Experience(occupation=_occ(occs[src]), years=float(rng.integers(1, 21) / 2))
            )
        candidates.append(
            Candidate(
                id=f"c{i:06d}",
                dream_job=_occ(occs[d]),
                plan_b=_occ(occs[plan_b]) if rng.random() < 0.8 else None,
                plan_c=_occ(occs[plan_c]) if rng.random() < 0.6 else None,
                experience=tuple(exps),
                speaking=levels[int(speak[i])],
                listening=levels[int(listen[i])],
                free_dayparts=frozenset(dp for dp, f in zip(all_dp, free[i], strict=True) if f),
                hours_available=float(hours[i]),
                home_pc4=None if no_pc4[i] else pc4s[int(home[i])],
                transport=transports[int(transport[i])],
                max_travel_minutes=int(max_min[i]),
            )
        )

    offer_occ = pick_occ(n_offers, 0.8)
    o_type = rng.choice(len(OfferType), n_offers, p=[0.25, 0.15, 0.2, 0.2, 0.12, 0.08])
    o_hours = rng.choice([8, 12, 16, 20, 24, 32], n_offers, p=[0.15, 0.2, 0.25, 0.2, 0.12, 0.08])
    o_days = rng.integers(1, 6, n_offers)
    o_req = rng.choice(4, n_offers, p=[0.05, 0.30, 0.45, 0.20])
    o_req_l = np.clip(o_req + rng.choice([-1, 0], n_offers, p=[0.3, 0.7]), 0, 5)
    places = rng.choice(
        [1, 2, 3, 4, 5, 8, 10], n_offers, p=[0.6, 0.2, 0.07, 0.05, 0.04, 0.02, 0.02]
    )
    loc = rng.integers(0, len(pc4s), n_offers)
    types = list(OfferType)
    offers: list[Offer] = []
    for j in range(n_offers):
        days = rng.choice(5, int(o_days[j]), replace=False)
        parts = rng.choice(3, int(o_days[j]), p=[0.4, 0.3, 0.3])  # morning/afternoon/both
        dps: set[DayPart] = set()
        for day, part in zip(days.tolist(), parts.tolist(), strict=True):
            if part in (0, 2):
                dps.add(DayPart.of(WORKDAYS[day], Moment.MORNING))
            if part in (1, 2):
                dps.add(DayPart.of(WORKDAYS[day], Moment.AFTERNOON))
        if rng.random() < 0.1:  # some evening or weekend work (hospitality, retail)
            dps.add(all_dp[int(rng.choice([2, 5, 8, 11, 14, 15, 16, 18]))])
        offers.append(
            Offer(
                id=f"o{j:06d}",
                type=types[int(o_type[j])],
                occupation=_occ(occs[int(offer_occ[j])]),
                hours_per_week=float(o_hours[j]),
                dayparts=frozenset(dps),
                required_speaking=levels[int(o_req[j])],
                required_listening=levels[int(o_req_l[j])],
                places=int(places[j]),
                location_pc4=pc4s[int(loc[j])],
            )
        )
    return candidates, offers


def _peak_mb() -> float:
    # Linux reports ru_maxrss in KiB
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def run_benchmark(
    candidates: int,
    offers: int,
    seed: int,
    *,
    instance: tuple[Sequence[Candidate], Sequence[Offer]] | None = None,
) -> dict[str, Any]:
    """Generate, build edges (hard-rule pruning), solve exactly and greedily; report."""
    t0 = time.perf_counter()
    geo = default_geo()
    cands, offs = (
        instance if instance is not None else generate_instance(candidates, offers, seed, geo=geo)
    )
    t1 = time.perf_counter()
    edges = build_edges(cands, offs, geo=geo)
    t2 = time.perf_counter()
    n = len(edges.candidate_ids)
    opt = solve_optimal_arrays(edges.cand, edges.offer, edges.score, n, edges.capacities)
    t3 = time.perf_counter()
    greedy = solve_greedy_arrays(edges.cand, edges.offer, edges.score, n, edges.capacities)
    t4 = time.perf_counter()
    if opt.optimal and opt.objective < greedy.objective:
        raise AssertionError("optimal objective below greedy: solver or model error")
    return {
        "candidates": len(cands),
        "offers": len(offs),
        "places": int(edges.capacities.sum()),
        "seed": seed,
        "edges": len(edges),
        "seconds": round(t4 - t0, 2),
        "objective": opt.objective,
        "greedy_objective": greedy.objective,
        "optimal": opt.optimal,
        "status": opt.status,
        "assigned": int(opt.chosen.sum()),
        "greedy_assigned": int(greedy.chosen.sum()),
        "gap_pct": round(100.0 * (opt.objective - greedy.objective) / max(1, opt.objective), 3),
        "timings": {
            "generate": round(t1 - t0, 2),
            "edges": round(t2 - t1, 2),
            "min_cost_flow": round(t3 - t2, 2),
            "greedy": round(t4 - t3, 2),
        },
        "peak_mb": _peak_mb(),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `spil bench matching`."""
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)


def run(**options: Any) -> dict[str, Any]:
    """`spil bench matching`: region-wide assignment of candidates to placement offers."""
    return run_benchmark(options["candidates"], options["offers"], options["seed"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    result = run_benchmark(args.candidates, args.offers, args.seed)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

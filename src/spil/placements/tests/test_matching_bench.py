from __future__ import annotations

from spil.placements.matching_bench import generate_instance, run_benchmark

KEYS = {
    "candidates",
    "offers",
    "edges",
    "seconds",
    "objective",
    "greedy_objective",
    "optimal",
    "peak_mb",
}


def test_run_benchmark_small() -> None:
    result = run_benchmark(300, 200, seed=5)
    assert set(result) >= KEYS
    assert result["candidates"] == 300
    assert result["offers"] == 200
    assert result["optimal"] is True
    assert result["edges"] > 0
    assert result["objective"] >= result["greedy_objective"] > 0
    assert result["peak_mb"] > 0


def test_instances_are_reproducible_and_use_real_codes() -> None:
    a_c, a_o = generate_instance(50, 40, seed=1)
    b_c, b_o = generate_instance(50, 40, seed=1)
    assert a_c == b_c
    assert a_o == b_o
    assert all(
        o.occupation.esco_uri
        and o.occupation.esco_uri.startswith("http://data.europa.eu/esco/occupation/")
        for o in a_o
    )
    assert any(c.home_pc4 is None for c in generate_instance(400, 1, seed=2)[0])

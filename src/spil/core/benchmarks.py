"""Registry of `spil bench NAME` benchmarks. Each module exposes
`add_arguments(parser)` and `run(**options) -> dict`, and the command prints the dict as
one JSON object. Benchmarks measure; they never assert timings."""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "caseload": "spil.dossier.bench",
    "duo": "spil.duo.bench",
    "occupations": "spil.occupations.bench",
    "groups": "spil.programmes.assignment_bench",
    "matching": "spil.placements.matching_bench",
}

"""Registry of `spil bench NAME` benchmarks. Each module exposes
`add_arguments(parser)` and `run(**options) -> dict`, and the command prints the dict as
one JSON object. Benchmarks measure; they never assert timings.

Benchmarks that need the development tools (demo data, the DUO sandbox) live in `spil_dev`
and register themselves here from their app's `ready()`; Spil never imports them, so in
production settings they are simply not there."""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "occupations": "spil.occupations.bench",
    "groups": "spil.programmes.assignment_bench",
    "matching": "spil.placements.matching_bench",
}


def register(name: str, module_path: str) -> None:
    """Add `spil bench NAME`, run by the module at `module_path` (idempotent)."""
    BENCHMARKS[name] = module_path

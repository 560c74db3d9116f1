"""The WSGI entry point that gunicorn loads in every worker."""

from __future__ import annotations

import gc


def test_the_worker_hides_its_start_up_objects_from_the_garbage_collector() -> None:
    """A full collection would otherwise walk every object start-up made, with the
    interpreter lock held, while the worker's other threads wait (docs/benchmarks.md)."""
    from spil.wsgi import freeze_startup_objects

    gc.unfreeze()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()

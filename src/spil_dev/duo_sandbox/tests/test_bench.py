"""`spil bench duo` on a small run: Spil under gunicorn with production settings on a
scratch SQLite database; every notification accepted once, repeats not stored twice."""

from __future__ import annotations

import shutil

import pytest

from spil_dev.duo_sandbox import SANDBOX_DUO_OIN, bench


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the Redis broker")
def test_small_bench_run_accepts_all_and_stores_each_notification_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = bench.run(
        notifications=60,
        duplicate_ratio=0.25,
        concurrency=4,
        workers=1,
        url=None,
        doel=bench.GEMEENTE_OIN,
        duo_oin=SANDBOX_DUO_OIN,
        seed=7,
    )
    assert result["sent"] == 60 and result["statuses"] == {"201": 60}
    assert result["unique_stored"] == result["unique_sent"] == 45
    assert result["duplicates_stored"] == 0 and result["lost"] == 0
    assert result["database"] == "sqlite"

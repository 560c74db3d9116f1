"""`spil bench portal` measures the portal's home and agenda and their first-load weight in
every newcomer language (the figures themselves are not asserted)."""

from __future__ import annotations

import pytest

from spil.core import benchmarks
from spil_dev.demo import portal_bench

pytestmark = pytest.mark.django_db


def test_the_portal_bench_reports_its_figures() -> None:
    assert benchmarks.BENCHMARKS["portal"] == "spil_dev.demo.portal_bench"
    result = portal_bench.run(repeat=2)
    assert set(result) >= {"p95_ms", "first_load_kb", "languages"}
    assert result["languages"] == 8
    assert result["sessions"] == 156
    assert result["requests"] == 4
    assert result["elearning"] is True  # the e-learning is in the menu
    again = portal_bench.run(repeat=1)  # the newcomer is made once
    assert again["sessions"] == 156

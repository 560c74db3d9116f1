"""The access benchmark runs end to end on a small dataset (timings are not asserted, but
leaks are: a request outside the basis answers 404)."""

from __future__ import annotations

import pytest

from spil.persons.models import AccessBasis, Person
from spil_dev.demo import access_bench as bench


@pytest.mark.django_db
def test_bench_generates_measures_and_finds_no_leak() -> None:
    result = bench.run(persons=400, basis=60, repeat=3, samples=40)
    assert result["persons"] == 400 and result["basis"] == 60
    assert result["leaks"] == 0 and result["leak_samples"] == 40
    assert result["queries"]["list"] > 0 and result["queries"]["person"] > 0
    assert set(result["p95_ms"]) == {"list", "person"}
    again = bench.run(persons=400, basis=60, repeat=1, samples=10, keep=True)
    assert again["generated"] is False and again["basis"] == 60
    fresh = bench.run(persons=100, basis=10, repeat=1, samples=10)
    assert fresh["generated"] is True and fresh["persons"] == 100
    assert Person.objects.filter(municipality__name=bench.BENCH_GEMEENTE).count() == 100
    assert AccessBasis.objects.filter(person__municipality__name=bench.BENCH_GEMEENTE).count() == 40

"""The caseload benchmark runs end to end on a small dataset (timings are not asserted)."""

from __future__ import annotations

import pytest

from spil.dossier.models import TimelineEntry
from spil.persons.models import Person
from spil_dev.demo import caseload_bench as bench


@pytest.mark.django_db
def test_bench_generates_measures_and_reuses() -> None:
    result = bench.run(persons=60, events=400, long_history=150, municipalities=3, repeat=2)
    assert result["persons"] == 60 and result["events"] == 400
    assert set(result["pages"]) >= {
        "caseload_first_page",
        "caseload_status_filter",
        "caseload_name_search",
        "caseload_bsn_search",
        "dossier_summary",
        "dossier_person",
        "dossier_trajectory",
        "dossier_programmes",
        "dossier_work",
        "dossier_appointments",
        "dossier_timeline",
        "dossier_documents",
    }
    for page in result["pages"].values():
        assert page["queries"] > 0 and page["p95_ms"] >= page["p50_ms"] > 0
    assert TimelineEntry.objects.filter(person__municipality__name__startswith="Bench").count()
    again = bench.run(persons=60, events=400, keep=True, repeat=1)
    assert again["generated"] is False and again["persons"] == 60
    fresh = bench.run(persons=30, events=100, long_history=50, municipalities=2, repeat=1)
    assert fresh["generated"] is True and fresh["persons"] == 30
    assert Person.objects.filter(municipality__name__startswith="Bench gemeente").count() == 30


def test_synthetic_bsns_pass_the_11_proef() -> None:
    import itertools

    from stdnum.nl import bsn

    from spil.testing import valid_bsns

    numbers = list(itertools.islice(valid_bsns(start=997_000_000), 500))
    assert len(set(numbers)) == 500 and all(bsn.is_valid(n) for n in numbers)
    assert all(n.startswith("997") for n in numbers)

"""`spil bench reports`: one JSON line with the p95 of the funnel and the CEFR report, the
queries each takes (the same for 40 persons as for 160) and the persons counted."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from spil.persons.models import Person
from spil_dev.demo import reports_bench as bench

pytestmark = pytest.mark.django_db


def test_the_report_queries_do_not_grow_with_the_number_of_persons() -> None:
    small = bench.run(persons=40, municipalities=2, repeat=1)
    large = bench.run(persons=160, municipalities=3, repeat=1)
    assert small["persons"] == 40 and large["persons"] == 160
    assert set(small["queries"]) == {"funnel", "cefr"}
    assert small["queries"] == large["queries"]
    assert all(n > 0 for n in large["queries"].values())
    # The earlier run's persons are gone: only the last regio's remain.
    assert Person.objects.filter(municipality__name__startswith=bench.BENCH_PREFIX).count() == 160


def test_the_command_prints_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bench", "reports", "--persons", "30", "--repeat", "1", "--municipalities", "2")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) == {"p95_ms", "queries", "persons"}
    assert result["persons"] == 30
    assert set(result["p95_ms"]) == {"funnel", "cefr"}
    again = bench.run(persons=30, keep=True, repeat=1)
    assert again["queries"] == result["queries"]

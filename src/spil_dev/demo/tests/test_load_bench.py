"""`spil bench load`'s plumbing (no timings: the bench itself measures)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from spil.core.management.commands import bench
from spil_dev.demo import load_bench


def test_fifty_users_follow_the_mix_and_four_already_have_every_role() -> None:
    assert {load_bench._kind(i) for i in range(4)} == {kind for kind, _ in load_bench.MIX}
    counts = Counter(load_bench._kind(i) for i in range(50))
    assert counts == {"klantmanager": 27, "newcomer": 12, "trainer": 8, "partner": 3}


def test_the_bench_is_registered_with_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command(bench.Command(), "load", "--help")
    help_text = capsys.readouterr().out
    for option in ("--users", "--seconds", "--think", "--workers", "--postgres", "--keep-db"):
        assert option in help_text

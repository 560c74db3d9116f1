"""`spil bench load`'s plumbing (no timings: the bench itself measures)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

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


def test_the_cpu_of_the_servers_processes_is_read_from_proc() -> None:
    """What `server_cpu_ms_per_request` and `database_cpu_ms_per_request` add up: a child
    process (as a gunicorn worker is the master's) that has used 0.3 s of CPU counts."""
    burner = _python_that_used_cpu(in_a_reaped_child=False)
    try:
        assert load_bench._cpu_seconds(os.getpid()) >= 0.25  # clock ticks of 10 ms
        assert load_bench._cpu_seconds(burner.pid) == 0  # it has no children of its own
    finally:
        burner.communicate("")


def test_the_databases_cpu_includes_backends_that_ended_during_the_run() -> None:
    """A PostgreSQL backend ends when Django closes its connection, and the postmaster reaps
    it: `database_cpu_ms_per_request` counts the time of such a child, as of a live one."""

    def ours(_name: str, parent_pid: int) -> bool:
        return parent_pid == os.getpid()

    def reaped_by_our_children() -> float:
        return load_bench._processes_cpu_seconds(
            ours, with_reaped_children=True
        ) - load_bench._processes_cpu_seconds(ours)

    # This process may have other children that reaped their own (Playwright's driver
    # reaps its browsers): only what the new child's ended child used may count.
    before = reaped_by_our_children()
    parent = _python_that_used_cpu(in_a_reaped_child=True)
    try:
        assert reaped_by_our_children() - before >= 0.25  # clock ticks of 10 ms
    finally:
        parent.communicate("")


def test_the_machines_busy_and_stolen_time_are_read_from_proc_stat(tmp_path: Path) -> None:
    """`machine_busy_percent` and `cpu_steal_percent`: what the cores did between two
    readings of /proc/stat (user nice system idle iowait irq softirq steal guest guest_nice)."""
    stat = tmp_path / "stat"
    stat.write_text("cpu  1000 0 200 5000 100 0 50 10 40 0\ncpu0 500 0 100 2500 50 0 25 5 20 0\n")
    start = load_bench._machine_cpu_ticks(stat)
    assert start == (1250, 10, 6360)
    stat.write_text("cpu  1600 0 300 5200 100 0 50 110 90 0\n")
    shares = load_bench._machine_shares(start, load_bench._machine_cpu_ticks(stat))
    # 700 busy (600 user, 100 system), 200 idle, 100 stolen: 1,000 ticks in all
    assert shares == {"machine_busy_percent": 70.0, "cpu_steal_percent": 10.0}


_USE_CPU = "import time\nwhile time.process_time() < 0.3: pass\n"


def _python_that_used_cpu(*, in_a_reaped_child: bool) -> subprocess.Popen[str]:
    """A child Python process that has used 0.3 s of CPU, itself or in a child of its own
    that has ended and been waited for; it lives until its stdin is closed."""
    use_cpu = (
        f"subprocess.run([sys.executable, '-c', {_USE_CPU!r}], check=True)\n"
        if in_a_reaped_child
        else _USE_CPU
    )
    code = f"import subprocess, sys\n{use_cpu}print('done', flush=True)\nsys.stdin.read()"
    child = subprocess.Popen(  # noqa: S603 - this interpreter, the test's own code
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "done\n"
    return child

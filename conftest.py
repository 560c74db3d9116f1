from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from spil.testing import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are safe because nothing else runs concurrently in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The moment every test starts at: a Monday morning in Amsterdam. No test reads the real
# clock, so the suite passes on any day (CI runs it again with the machine's clock shifted
# far ahead to prove it). A test that needs another moment moves `clock` itself.
SUITE_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def clock(time_machine: time_machine.TimeMachineFixture) -> time_machine.TimeMachineFixture:
    """The test's clock, started at SUITE_NOW and ticking; `clock.move_to(moment)` travels."""
    time_machine.move_to(SUITE_NOW, tick=True)
    return time_machine


@pytest.fixture
def suite_today() -> date:
    """The date the suite's clock starts on (Europe/Amsterdam)."""
    return SUITE_NOW.date()


@pytest.fixture
def world(db: None) -> World:
    """A small world of organisations, users per role and persons (`spil.testing`), for the
    tests of Spil and of its development tools (`spil_dev`)."""
    return build_world()

"""The Dutch calendar: local time, and workdays (weekends and national public holidays,
the `holidays` package)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

#: Local time (settings.TIME_ZONE): the clock times of sessions, reminders and agendas.
TZ = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # imported when needed: keeps the first request fast

    return frozenset(holidays.country_holidays("NL", years=year))


def is_public_holiday(day: date) -> bool:
    return day in _public_holidays(day.year)


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def next_workday(day: date) -> date:
    """`day` itself when it is a workday, otherwise the first workday after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day

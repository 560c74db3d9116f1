"""One week vocabulary for every app: weekdays, the three day-parts of a day (moments) and
the 21 day-part slots of a week, with their labels and the conversions between them.

* ``Weekday`` — ``"mon"`` … ``"sun"``, as a group's weekday is stored; ``.number`` is
  Monday 0 … Sunday 6, as ``date.weekday()``.
* ``Moment`` — ``"morning"``, ``"afternoon"``, ``"evening"``, and ``""`` for any time of
  day, as a plan item or a group stores its time of day.
* ``DayPart`` — one slot of the week, a weekday and a moment, Monday morning 0 … Sunday evening
  20, as an offer's day-parts are stored and matching compares them. ``DayPart.of("mon",
  "morning")`` and back (``.weekday``, ``.moment``); ``.code`` is ``"mon-morning"``, as the
  waiting list stores a free day-part; ``.label`` is "Monday morning" in the user's
  language.

These are the codes and numbers already in the database; nothing here changes them.
Only enum types from Django (lazy labels), so the Django-free matching and assignment code
can use the vocabulary too.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")

    @property
    def number(self) -> int:
        """Monday 0 … Sunday 6, as ``date.weekday()``."""
        return WEEKDAYS.index(self)


class Moment(models.TextChoices):
    """A time of day; ``ANY`` (empty) leaves it open."""

    ANY = "", _("Any time of day")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")

    @property
    def number(self) -> int:
        """Morning 0, afternoon 1, evening 2 (``ANY`` has none: ValueError)."""
        return MOMENTS.index(self)


WEEKDAYS: Final[tuple[Weekday, ...]] = tuple(Weekday)
WORKDAYS: Final[tuple[Weekday, ...]] = WEEKDAYS[:5]
#: The three day-parts of a day, in order.
MOMENTS: Final[tuple[Moment, ...]] = (Moment.MORNING, Moment.AFTERNOON, Moment.EVENING)
#: A moment inside a sentence: "Monday morning".
_IN_A_SENTENCE: Final = {
    Moment.MORNING: _("morning"),
    Moment.AFTERNOON: _("afternoon"),
    Moment.EVENING: _("evening"),
}
#: Hours in one day-part, to estimate day-parts from hours per week.
HOURS_PER_DAY_PART: Final = 4


def day_part_code(weekday: str, moment: str) -> str:
    """``("mon", "morning")`` -> ``"mon-morning"``."""
    return f"{weekday}-{moment}"


def split_day_part_code(code: str) -> tuple[str, str]:
    """``"mon-morning"`` -> ``("mon", "morning")``; not checked (see ``DayPart.from_code``)."""
    weekday, _sep, moment = code.partition("-")
    return weekday, moment


class DayPart(IntEnum):
    """A day-part of the week (3 per day, Monday morning = 0 ... Sunday evening = 20)."""

    MON_MORNING = 0
    MON_AFTERNOON = 1
    MON_EVENING = 2
    TUE_MORNING = 3
    TUE_AFTERNOON = 4
    TUE_EVENING = 5
    WED_MORNING = 6
    WED_AFTERNOON = 7
    WED_EVENING = 8
    THU_MORNING = 9
    THU_AFTERNOON = 10
    THU_EVENING = 11
    FRI_MORNING = 12
    FRI_AFTERNOON = 13
    FRI_EVENING = 14
    SAT_MORNING = 15
    SAT_AFTERNOON = 16
    SAT_EVENING = 17
    SUN_MORNING = 18
    SUN_AFTERNOON = 19
    SUN_EVENING = 20

    @classmethod
    def of(cls, weekday: str, moment: str) -> DayPart:
        """The slot of a weekday and a moment (codes); ValueError for an unknown one."""
        return cls(Weekday(weekday).number * len(MOMENTS) + Moment(moment).number)

    @classmethod
    def from_code(cls, code: str) -> DayPart:
        """The slot of ``"mon-morning"``; ValueError for an unknown one."""
        return cls.of(*split_day_part_code(code))

    @property
    def weekday(self) -> Weekday:
        return WEEKDAYS[self // len(MOMENTS)]

    @property
    def moment(self) -> Moment:
        return MOMENTS[self % len(MOMENTS)]

    @property
    def code(self) -> str:
        return day_part_code(self.weekday.value, self.moment.value)

    @property
    def label(self) -> Promise:
        """ "Monday morning", translated when shown."""
        return format_lazy("{} {}", self.weekday.label, _IN_A_SENTENCE[self.moment])


#: Monday to Friday, mornings and afternoons: a working week's day-parts.
WEEKDAY_DAYTIME: Final[frozenset[DayPart]] = frozenset(
    dp for dp in DayPart if dp.weekday in WORKDAYS and dp.moment is not Moment.EVENING
)


def weekday_label(code: str) -> str | Promise:
    """The weekday's label; the code itself when it is no weekday."""
    return Weekday(code).label if code in Weekday.values else code


def moment_label(code: str) -> str | Promise:
    """The moment's label; the code itself when it is no moment."""
    return Moment(code).label if code in Moment.values else code

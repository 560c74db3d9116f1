"""What a report covers: an area (gemeente or regio), optional narrowing (programme,
group, learning route, target group, intake focus) and a cohort: persons whose start,
DUO notification or PIP falls in a period, broken down by month or quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from spil.intake.models import Focus
from spil.persons.models import Doelgroep
from spil.trajectories.models import Leerroute


class Basis(StrEnum):
    """The date that places a person in a cohort."""

    START = "start"
    NOTIFICATION = "notification"
    PIP = "pip"

    @property
    def label(self) -> str:
        return str(BASIS_LABELS[self])


BASIS_LABELS = {
    Basis.START: _("Start of the programme"),
    Basis.NOTIFICATION: _("DUO notification"),
    Basis.PIP: _("PIP (date of the decision)"),
}


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


GRANULARITY_LABELS = {
    Granularity.MONTH: _("Month"),
    Granularity.QUARTER: _("Quarter"),
    Granularity.YEAR: _("Year"),
}


@dataclass(frozen=True)
class Selection:
    """A report's population. `municipality_ids` are the gemeenten of `area_id` (checked
    against the reader's scope by `services`)."""

    area_id: int
    area_name: str
    municipality_ids: frozenset[int]
    template: str = ""
    group: str = ""
    leerroute: str = ""
    doelgroep: str = ""
    focus: str = ""
    basis: Basis = Basis.START
    period_from: date | None = None
    period_to: date | None = None
    granularity: Granularity = Granularity.QUARTER
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Display names of the chosen template and group, for headings and exports."""

    @property
    def narrows_to_programme(self) -> bool:
        return bool(self.template)

    def in_period(self, day: date | None) -> bool:
        if self.period_from is None and self.period_to is None:
            return True
        if day is None:
            return False
        if self.period_from is not None and day < self.period_from:
            return False
        return not (self.period_to is not None and day > self.period_to)

    def as_params(self) -> dict[str, str]:
        """The selection as query parameters (the form's field names), for links."""
        params = {
            "area": str(self.area_id),
            "template": self.template,
            "group": self.group,
            "leerroute": self.leerroute,
            "doelgroep": self.doelgroep,
            "focus": self.focus,
            "basis": self.basis.value,
            "period_from": self.period_from.isoformat() if self.period_from else "",
            "period_to": self.period_to.isoformat() if self.period_to else "",
            "granularity": self.granularity.value,
        }
        return {key: value for key, value in params.items() if value}


def cohort_of(day: date, granularity: Granularity) -> str:
    """The cohort label of a day: "2025-07", "2025-Q3" or "2025" (sorts in time order)."""
    if granularity == Granularity.MONTH:
        return f"{day.year}-{day.month:02d}"
    if granularity == Granularity.YEAR:
        return str(day.year)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


_COHORT = re.compile(r"^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$")


def cohort_period(label: str) -> tuple[date, date] | None:
    """First and last day of a cohort label ("2025-07", "2025-Q3"); None if it is none."""
    match = _COHORT.match(label.strip().upper())
    if match is None:
        return None
    year = int(match.group(1))
    if match.group(2):
        first_month = (int(match.group(2)) - 1) * 3 + 1
        months = 3
    else:
        first_month = int(match.group(3))
        months = 1
    first = date(year, first_month, 1)
    return first, add_months(first, months) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def describe(selection: Selection) -> list[tuple[str, str]]:
    """The selection in words, for headings, exports and e-mails: (what, which)."""
    lines: list[tuple[str, str]] = [(str(_("Municipality or region")), selection.area_name)]
    if selection.template:
        lines.append((str(_("Programme")), selection.labels.get("template", selection.template)))
    if selection.group:
        lines.append((str(_("Group")), selection.labels.get("group", selection.group)))
    if selection.leerroute:
        lines.append((str(_("Learning route")), str(Leerroute(selection.leerroute).label)))
    if selection.doelgroep:
        lines.append((str(_("Target group")), str(Doelgroep(selection.doelgroep).label)))
    if selection.focus:
        lines.append((str(_("Intake focus")), str(Focus(selection.focus).label)))
    lines.append((str(_("Cohort by")), selection.basis.label))
    if selection.period_from or selection.period_to:
        start = selection.period_from.isoformat() if selection.period_from else "…"
        end = selection.period_to.isoformat() if selection.period_to else "…"
        lines.append((str(_("Period")), f"{start} \u2013 {end}"))
    return lines

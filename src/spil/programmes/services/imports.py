"""A language school's upload of attendance or CEFR results (CSV or XLSX), all lines
or none."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_change
from spil.persons.models import Person
from spil.programmes.models import (
    CEFR_LEVELS,
    CREDITED_STATUSES,
    AttendanceStatus,
    HoursComponent,
    HoursEntry,
    ImportBatch,
    LanguageResult,
    Skill,
)


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class ImportReport:
    errors: list[LineError] = field(default_factory=list)
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


ATTENDANCE_COLUMNS = ("bsn", "date", "status", "hours")
RESULT_COLUMNS = ("bsn", "date", "skill", "level")
IMPORT_COMPONENTS = {
    "language": HoursComponent.LANGUAGE,
    "knm": HoursComponent.LANGUAGE,
    "participation": HoursComponent.PARTICIPATION,
    "map": HoursComponent.MAP,
    "pvt": HoursComponent.PVT,
}


class ImportFileError(ValueError):
    pass


#: A week's file of a large language school has a few thousand lines; beyond these limits a
#: file is a mistake (or an attack on the server's memory), refused before it is processed.
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_COLUMNS = 20
MAX_CELL_CHARACTERS = 500


def _check_size(rows: list[list[str]]) -> list[list[str]]:
    for number, row in enumerate(rows, start=1):
        if len(row) > MAX_IMPORT_COLUMNS:
            raise ImportFileError(
                _("Line %(line)d has more than %(max)d columns.")
                % {"line": number, "max": MAX_IMPORT_COLUMNS}
            )
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in row):
            raise ImportFileError(
                _("Line %(line)d has a cell of more than %(max)d characters.")
                % {"line": number, "max": MAX_CELL_CHARACTERS}
            )
    return rows


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)d lines; split it into smaller files.")
        % {"max": MAX_IMPORT_ROWS}
    )


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file, as strings."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_IMPORT_COLUMNS + 1):
            if len(rows) >= MAX_IMPORT_ROWS:
                workbook.close()
                raise _too_many_rows()
            cells = []
            for value in row:
                if isinstance(value, datetime):
                    cells.append(value.date().isoformat())
                elif isinstance(value, date):
                    cells.append(value.isoformat())
                elif isinstance(value, float) and value.is_integer():
                    cells.append(str(int(value)))
                else:
                    cells.append("" if value is None else str(value))
            while cells and cells[-1] == "":
                cells.pop()  # empty trailing cells of a wide sheet
            rows.append(cells)
        workbook.close()
        return _check_size(rows)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text (CSV) or an XLSX workbook.")) from exc
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(rows) >= MAX_IMPORT_ROWS:
            raise _too_many_rows()
        rows.append(list(row))
    return _check_size(rows)


def provider_persons(provider_ids: Iterable[int]) -> dict[str, Person]:
    """Persons a provider works with: members of its groups (by BSN, for matching lines)."""
    persons = Person.objects.filter(
        group_memberships__group__provider_id__in=list(provider_ids)
    ).distinct()
    return {p.bsn: p for p in persons}


def _parse_date(raw: str) -> date | None:
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def import_file(
    provider: Organisation,
    filename: str,
    content: bytes,
    *,
    actor: User | None,
    persons: Mapping[str, Person] | None = None,
) -> ImportReport:
    """Apply a language school's attendance or CEFR-results file, all or nothing.

    Attendance: columns ``bsn, date, status, hours`` (optional ``component``: language, knm,
    participation, map, pvt; optional ``reason``). Results: ``bsn, date, skill, level``.
    Every bad line is reported with its number (the header is line 1) and nothing changes;
    a line that is already stored is unchanged, so the same file twice changes nothing.
    """
    report = ImportReport()
    try:
        rows = read_rows(filename, content)
    except ImportFileError as exc:
        report.errors.append(LineError(0, str(exc)))
        return report
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        report.errors.append(LineError(0, _("The file is empty.")))
        return report
    header = [c.strip().lower() for c in rows[0]]
    if all(col in header for col in RESULT_COLUMNS):
        kind = "results"
    elif all(col in header for col in ATTENDANCE_COLUMNS):
        kind = "attendance"
    else:
        report.errors.append(
            LineError(
                1,
                _("Unknown columns. Attendance needs %(a)s; results need %(r)s.")
                % {"a": ", ".join(ATTENDANCE_COLUMNS), "r": ", ".join(RESULT_COLUMNS)},
            )
        )
        return report
    known = persons if persons is not None else provider_persons([provider.pk])
    col = {name: header.index(name) for name in header if name}
    seen: dict[str, int] = {}
    planned: list[tuple[str, dict[str, Any]]] = []
    data_lines = 0
    for number, raw in enumerate(rows[1:], start=2):
        data_lines += 1

        def cell(name: str, raw: list[str] = raw) -> str:
            index = col.get(name)
            return raw[index].strip() if index is not None and index < len(raw) else ""

        problems: list[str] = []
        person = known.get(cell("bsn"))
        if person is None:
            problems.append(_("unknown person: the BSN is not one of your participants"))
        day = _parse_date(cell("date"))
        if day is None:
            problems.append(_("date must be YYYY-MM-DD or DD-MM-YYYY"))
        elif day > timezone.localdate():
            problems.append(_("date lies in the future"))
        values: dict[str, Any] = {}
        if kind == "attendance":
            status = cell("status").lower()
            if status not in AttendanceStatus.values:
                problems.append(
                    _("status must be one of %(values)s")
                    % {"values": ", ".join(AttendanceStatus.values)}
                )
            try:
                hours = Decimal(cell("hours").replace(",", "."))
                if not Decimal(0) <= hours <= Decimal(24):
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(_("hours must be a number from 0 to 24"))
                hours = Decimal(0)
            component_raw = cell("component").lower() or "language"
            component = IMPORT_COMPONENTS.get(component_raw)
            if component is None:
                problems.append(
                    _("component must be one of %(values)s")
                    % {"values": ", ".join(IMPORT_COMPONENTS)}
                )
            values = {
                "status": status,
                "hours": hours if status in CREDITED_STATUSES else Decimal(0),
                "component": component,
            }
            key_tail = f"{component}"
        else:
            skill = cell("skill").lower()
            if skill not in Skill.values:
                problems.append(
                    _("skill must be one of %(values)s") % {"values": ", ".join(Skill.values)}
                )
            level = cell("level").upper()
            if level not in CEFR_LEVELS:
                problems.append(
                    _("level must be one of %(values)s") % {"values": ", ".join(CEFR_LEVELS)}
                )
            values = {"skill": skill, "level": level}
            key_tail = skill
        if problems:
            report.errors.append(LineError(number, "; ".join(problems)))
            continue
        assert person is not None and day is not None
        key = f"{kind}:{provider.pk}:{person.pk}:{day.isoformat()}:{key_tail}"
        if key in seen:
            report.errors.append(
                LineError(
                    number,
                    _("the same person, date and %(what)s as line %(line)d")
                    % {
                        "what": _("component") if kind == "attendance" else _("skill"),
                        "line": seen[key],
                    },
                )
            )
            continue
        seen[key] = number
        planned.append((key, {"person": person, "on": day, **values}))
    report.lines = data_lines
    if report.errors:
        return report
    touched: set[int] = set()
    with transaction.atomic():
        for key, v in planned:
            outcome = (
                _apply_hours(provider, key, v)
                if kind == "attendance"
                else _apply_result(provider, v)
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
            touched.add(v["person"].pk)
        digest = hashlib.sha256(content).hexdigest()
        ImportBatch.objects.create(
            provider=provider,
            uploaded_by=actor,
            filename=filename[:200],
            sha256=digest,
            lines=data_lines,
            changed=report.created + report.updated,
        )
        categories = [DataCategory.TRAJECTORY if kind == "attendance" else DataCategory.LANGUAGE]
        record_change(
            actor,
            touched,
            "Language school import",
            categories=categories,
            action=ProcessingAction.RECEIVE,
        )
    return report


def _apply_hours(provider: Organisation, key: str, v: dict[str, Any]) -> str:
    existing = HoursEntry.objects.filter(source_key=key).first()
    if existing is None:
        HoursEntry.objects.create(
            person=v["person"],
            component=v["component"],
            on=v["on"],
            hours=v["hours"],
            provider=provider,
            source_key=key,
        )
        return "created"
    if existing.hours == v["hours"]:
        return "unchanged"
    existing.hours = v["hours"]
    existing.save(update_fields=["hours"])
    return "updated"


def _apply_result(provider: Organisation, v: dict[str, Any]) -> str:
    return _save_language_result(v["person"], v["skill"], v["level"], v["on"], provider)[1]


def _save_language_result(
    person: Person, skill: str, level: str, on: date, provider: Organisation | None
) -> tuple[LanguageResult, str]:
    """Once per person, skill, day and provider: "created", "unchanged" or "updated"."""
    result, created = LanguageResult.objects.get_or_create(
        person=person, skill=skill, on=on, provider=provider, defaults={"level": level}
    )
    if created:
        return result, "created"
    if result.level == level:
        return result, "unchanged"
    result.level = level
    result.save(update_fields=["level"])
    return result, "updated"


@transaction.atomic
def record_language_result(
    person: Person,
    *,
    skill: str,
    level: str,
    on: date,
    provider: Organisation | None,
    actor: User | None,
) -> tuple[LanguageResult, str]:
    """A CEFR result per skill (as a language school's import line): once per person,
    skill, day and provider; the same again changes nothing, another level corrects it.
    Returns the result and "created", "updated" or "unchanged"."""
    if skill not in Skill.values:
        raise ValueError(f"unknown skill {skill!r}")
    if level not in CEFR_LEVELS:
        raise ValueError(f"unknown CEFR level {level!r}")
    result, change = _save_language_result(person, skill, level, on, provider)
    if change != "unchanged":
        record_change(
            actor,
            person.pk,
            "Language result",
            categories=[DataCategory.LANGUAGE],
            action=ProcessingAction.CREATE if change == "created" else ProcessingAction.CHANGE,
        )
    return result, change


@transaction.atomic
def record_hours(
    person: Person,
    *,
    component: str,
    on: date,
    hours: Decimal,
    provider: Organisation,
    actor: User | None,
) -> tuple[HoursEntry, str]:
    """Hours of one person, day and component from a provider (as an attendance import
    line, and the same entry as that line): the same again changes nothing, other hours
    correct it. Returns the entry and "created", "updated" or "unchanged"."""
    if component not in HoursComponent.values:
        raise ValueError(f"unknown component {component!r}")
    if not Decimal(0) <= hours <= Decimal(24):
        raise ValueError("hours must lie between 0 and 24")
    if on > timezone.localdate():
        raise ValueError("the date lies in the future")
    key = f"attendance:{provider.pk}:{person.pk}:{on.isoformat()}:{component}"
    change = _apply_hours(
        provider, key, {"person": person, "component": component, "on": on, "hours": hours}
    )
    if change != "unchanged":
        record_change(
            actor,
            person.pk,
            "Hours",
            categories=[DataCategory.TRAJECTORY],
            action=ProcessingAction.CREATE if change == "created" else ProcessingAction.CHANGE,
        )
    return HoursEntry.objects.get(source_key=key), change

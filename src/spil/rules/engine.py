"""Wi2021 rules engine: versioned legal rules and the deadlines computed from them.

Django-free on purpose: only the standard library and PyYAML. The Django layer adds
translation (explanation keys are plain strings), persistence and admin on top.

Rules live in ``wi2021.yaml`` next to this module. The file is loaded and validated once
(:func:`default_rules`); tests and callers that need other data build their own
:class:`RuleBook` with :meth:`RuleBook.from_path` or :meth:`RuleBook.from_mapping` and
pass it as ``rules=``.

Versioning
----------
:meth:`RuleBook.rule` returns the version in force on a date. Every deadline function picks
the version in force on its *anchor* date (the event date, the PIP dagtekening, the start
of the termijn, ...), so a rule change applies from its start date and never rewrites
history: a deadline for an event dated before the change keeps the old version.

Date conventions (decisions)
----------------------------
``Deadline.due`` is always the **last day on which the action is still on time**
(inclusive).

1. *Periods counted from an event day* ("within N after X": leerroute, AOW notice,
   momentum gap). The event day itself is not counted; the period ends at the end of the
   day carrying the same date N later. If that date does not exist (31 Jan + 1 month), the
   period ends on the last day of that month. This is the rule of the Europese
   Termijnenverordening (EEG/Euratom 1182/71, art. 3 lid 2 sub c) that Dutch
   administrative practice follows, and the same construction as the bezwaartermijn
   (Awb art. 6:8: "vangt aan met ingang van de dag na ...").

2. *Periods that start on a given day* (the termijn from its start day, the switch window,
   aftercare, extensions, reaching an age). They are half-open ``[start, end)``: ``end`` is
   the same date N later; if that date does not exist, ``end`` is the first day of the
   next month (the period runs to the end of the month). The last day is ``end - 1``.

Inburgeringstermijn (Wet inburgering 2021, art. 11):

* start = the day after the dagtekening of the **first** PIP (art. 11 lid 2); a revised or
  re-established PIP does not move it (art. 11 lid 3). :func:`termijn_for_pip_history`
  therefore uses the earliest dagtekening (DUO refuses a revised PIP dated before the
  initial one, README "Het aanleveren van een PIP").
* ``Termijn.end`` is **exclusive** and equals DUO's ``einddatum`` (Inburgeringstermijn API:
  startdatum "inclusief", einddatum "exclusief"): end = start + 3 years. The last day of
  the termijn is ``end - 1 day`` (``Termijn.last_day``). Example: dagtekening 14 Jan 2025
  -> start 15 Jan 2025, end 15 Jan 2028, last day 14 Jan 2028 -- i.e. the termijn ends on
  the third anniversary of the dagtekening, as convention 1 gives too.
* 29 February: dagtekening 28 Feb 2028 -> start 29 Feb 2028; 29 Feb 2031 does not exist,
  so end = 1 Mar 2031 and the last day is 28 Feb 2031 (the anniversary of the
  dagtekening; the person gets the full three years). Dagtekening 29 Feb 2028 -> start
  1 Mar 2028, end 1 Mar 2031, last day 28 Feb 2031. A naive ``start + 3 years - 1 day``
  with clamping (``relativedelta``) would give 27 Feb 2031 and cut a day off.
* The computed termijn is a forecast: once DUO reports the termijn (SS102, Inburgeringstermijn
  API) DUO's dates are authoritative. The Algemene termijnenwet (weekend/holiday shift) is
  not applied: the termijn is a period of obligation, not a period for an act.

Extensions (SS103/SS104) are applied in order; ``months`` extend the current exclusive end
by convention 2, a date replaces the end (DUO ``einddatum``, exclusive).

AOW date: the first day on which the person's age is at least the AOW-leeftijd in force on
that day (AOW art. 7a sets the age per calendar year). Ages are reached on the birthday; a
person born on 29 February reaches an age in a non-leap year on 1 March (convention 2).
This reproduces the Rijksoverheid table: born before 1 Jan 1961 -> 67 (reached in 2027),
born 1 Jan 1961 - 30 Sep 1961 -> 67 y 3 m (reached in 2028), and so on. After the last
fixed year the last known age is used and the result is flagged ``is_estimate``.

Verwijtbaar (DUO README, MAP and PVT sections), with E = eindgesprek/ondertekening date and
T = termijn einddatum (exclusive, as DUO sends it):

* E < T: no overschrijding -> the field must be omitted: ``{None}``.
* E >= T: overschrijding -> a value is required; "Ja" is allowed; "Nee" only while T lies
  within ``verwijtbaar_window`` (2 months) before E, i.e. E < T + 2 months.
"""

from __future__ import annotations

import calendar
import functools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml

DEFAULT_RULES_PATH = Path(__file__).with_name("wi2021.yaml")
SCHEMA_VERSION = 1

RuleValue = int | tuple[str, ...] | Mapping[str, int]


# --------------------------------------------------------------------------- errors


class RuleDataError(ValueError):
    """The rules data is malformed. The message names the rule, the version and the field."""


class UnknownRuleError(LookupError):
    """No rule with this key exists in the rule book."""


class RuleNotInForceError(LookupError):
    """The rule exists but no version of it is in force on the requested date."""


# --------------------------------------------------------------------------- specs


class _Kind(StrEnum):
    INT = "int"
    STRINGS = "strings"
    MAPPING = "mapping"


@dataclass(frozen=True)
class _RuleSpec:
    kind: _Kind
    units: frozenset[str]
    mapping_keys: frozenset[str] = frozenset()


_INT_PERIOD_UNITS = frozenset({"weeks", "months", "years"})

RULE_SPECS: Mapping[str, _RuleSpec] = {
    "leerroute_period": _RuleSpec(_Kind.INT, _INT_PERIOD_UNITS),
    "leerroute_trigger_events": _RuleSpec(_Kind.STRINGS, frozenset({"event_codes"})),
    "inburgeringstermijn": _RuleSpec(_Kind.INT, frozenset({"months", "years"})),
    "route_switch_window": _RuleSpec(_Kind.INT, frozenset({"months", "years"})),
    "map_min_practice_hours": _RuleSpec(_Kind.INT, frozenset({"hours"})),
    "map_themes": _RuleSpec(_Kind.STRINGS, frozenset({"themes"})),
    "pvt_hours": _RuleSpec(_Kind.INT, frozenset({"hours"})),
    "zroute_hours": _RuleSpec(
        _Kind.MAPPING, frozenset({"hours"}), frozenset({"language", "participation"})
    ),
    "aow_notice": _RuleSpec(_Kind.INT, frozenset({"months"})),
    "aow_age": _RuleSpec(
        _Kind.MAPPING, frozenset({"years_months"}), frozenset({"years", "months"})
    ),
    "verwijtbaar_window": _RuleSpec(_Kind.INT, frozenset({"months"})),
    "aftercare_months": _RuleSpec(_Kind.INT, frozenset({"months"})),
    "momentum_gap_weeks": _RuleSpec(_Kind.INT, frozenset({"weeks"})),
    "dual_trajectory_months": _RuleSpec(_Kind.INT, frozenset({"months"})),
}
"""Every rule key the engine knows, with the shape its value must have."""

REQUIRED_RULES: frozenset[str] = frozenset(RULE_SPECS)

_VERSION_FIELDS = frozenset(
    {
        "value",
        "unit",
        "valid_from",
        "valid_until",
        "source",
        "checked_on",
        "needs_verification",
        "note",
    }
)


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class RuleVersion:
    """One version of one rule, with where it comes from."""

    key: str
    value: RuleValue = field(hash=False)
    unit: str
    valid_from: date
    valid_until: date | None
    source: str
    checked_on: date
    needs_verification: bool = False
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        """True if ``day`` is within this version's declared validity."""
        if day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def as_int(self) -> int:
        if isinstance(self.value, int):
            return self.value
        raise TypeError(f"rule {self.key!r} has no integer value")

    def as_strings(self) -> tuple[str, ...]:
        if isinstance(self.value, tuple):
            return self.value
        raise TypeError(f"rule {self.key!r} has no list value")

    def as_mapping(self) -> Mapping[str, int]:
        if isinstance(self.value, Mapping):
            return self.value
        raise TypeError(f"rule {self.key!r} has no mapping value")


class DeadlineKind(StrEnum):
    LEERROUTE = "leerroute"
    TERMIJN_END = "termijn_end"
    ROUTE_SWITCH = "route_switch"
    AOW_DATE = "aow_date"
    AOW_NOTICE = "aow_notice"
    AFTERCARE_END = "aftercare_end"
    MOMENTUM = "momentum"
    DUAL_TRAJECTORY = "dual_trajectory"


@dataclass(frozen=True)
class Deadline:
    """A computed date with the rule it rests on.

    ``due`` is the last day on which the action is on time (inclusive), or for AOW the day
    the age is reached. ``explanation`` is a message key for the Django layer to translate;
    ``params`` are ISO dates and numbers to interpolate into it.
    """

    kind: DeadlineKind
    due: date
    rule: RuleVersion
    is_estimate: bool
    explanation: str
    params: Mapping[str, str] = field(default_factory=dict, hash=False)
    related_rules: tuple[RuleVersion, ...] = ()


@dataclass(frozen=True)
class AppliedExtension:
    ground_code: str
    previous_end: date
    new_end: date
    months: int | None


@dataclass(frozen=True)
class Extension:
    """A termijn extension from DUO: either ``months`` or a new (exclusive) ``new_end``."""

    ground_code: str
    months: int | None = None
    new_end: date | None = None

    def __post_init__(self) -> None:
        if (self.months is None) == (self.new_end is None):
            raise ValueError("an extension needs exactly one of months or new_end")
        if self.months is not None and (isinstance(self.months, bool) or self.months <= 0):
            raise ValueError(f"extension months must be a positive integer, got {self.months!r}")
        if not self.ground_code or not self.ground_code.strip():
            raise ValueError("an extension needs a DUO verlengingsgrondcode")


@dataclass(frozen=True)
class Termijn:
    """The inburgeringstermijn. ``end`` is exclusive, like DUO's ``einddatum``.

    Unpacks as ``start, end = termijn(...)``.
    """

    start: date
    end: date
    rule: RuleVersion
    extensions: tuple[AppliedExtension, ...] = ()

    @property
    def last_day(self) -> date:
        """The last day inside the termijn (``end - 1 day``)."""
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def deadline(self) -> Deadline:
        return Deadline(
            kind=DeadlineKind.TERMIJN_END,
            due=self.last_day,
            rule=self.rule,
            is_estimate=False,
            explanation=("rules.termijn.end_extended" if self.extensions else "rules.termijn.end"),
            params={
                "start": self.start.isoformat(),
                "end_exclusive": self.end.isoformat(),
                "last_day": self.last_day.isoformat(),
                "extensions": str(len(self.extensions)),
            },
        )

    def __iter__(self) -> Iterator[date]:
        yield self.start
        yield self.end


@dataclass(frozen=True)
class ZRouteProgress:
    language_required: int
    participation_required: int
    language_done: float
    participation_done: float
    rule: RuleVersion

    @property
    def total_required(self) -> int:
        return self.language_required + self.participation_required

    @property
    def language_remaining(self) -> float:
        return max(0.0, self.language_required - self.language_done)

    @property
    def participation_remaining(self) -> float:
        return max(0.0, self.participation_required - self.participation_done)

    @property
    def fraction(self) -> float:
        """Share of the route done, 0..1; surplus in one component does not count for the other."""
        if self.total_required == 0:
            return 1.0
        counted = min(self.language_done, self.language_required) + min(
            self.participation_done, self.participation_required
        )
        return counted / self.total_required

    @property
    def complete(self) -> bool:
        return self.language_remaining == 0 and self.participation_remaining == 0


@dataclass(frozen=True)
class MapProgress:
    practice_hours_required: int
    practice_hours_done: float
    themes_required: tuple[str, ...]
    themes_done: tuple[str, ...]
    hours_rule: RuleVersion
    themes_rule: RuleVersion

    @property
    def practice_hours_remaining(self) -> float:
        return max(0.0, self.practice_hours_required - self.practice_hours_done)

    @property
    def themes_missing(self) -> tuple[str, ...]:
        done = set(self.themes_done)
        return tuple(t for t in self.themes_required if t not in done)

    @property
    def complete(self) -> bool:
        return self.practice_hours_remaining == 0 and not self.themes_missing


Verwijtbaar = Literal["Ja", "Nee"]


# --------------------------------------------------------------------------- date helpers


def _add_months(day: date, months: int, *, overflow: Literal["clamp", "next_month"]) -> date:
    """Same day-of-month ``months`` later; see the module docstring for ``overflow``.

    ``clamp``: a missing day becomes the last day of the month (convention 1, last day of a
    period counted from an event). ``next_month``: a missing day becomes the first day of
    the next month (convention 2, exclusive end of a period starting on ``day``).
    """
    year_offset, month_index = divmod(day.month - 1 + months, 12)
    year = day.year + year_offset
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return date(year, month, day.day)
    if overflow == "clamp":
        return date(year, month, last)
    return date(year, month, last) + timedelta(days=1)


def _period_months(version: RuleVersion) -> int:
    n = version.as_int()
    if version.unit == "months":
        return n
    if version.unit == "years":
        return 12 * n
    raise ValueError(f"rule {version.key!r} has unit {version.unit!r}, expected months or years")


def _after_event(event_day: date, version: RuleVersion) -> date:
    """Last day of a period of ``version`` counted from ``event_day`` (convention 1)."""
    if version.unit == "weeks":
        return event_day + timedelta(weeks=version.as_int())
    return _add_months(event_day, _period_months(version), overflow="clamp")


def _end_exclusive(start: date, version: RuleVersion) -> date:
    """Exclusive end of a period of ``version`` starting on ``start`` (convention 2)."""
    if version.unit == "weeks":
        return start + timedelta(weeks=version.as_int())
    return _add_months(start, _period_months(version), overflow="next_month")


# --------------------------------------------------------------------------- loading


def _as_date(raw: object, where: str, field_name: str) -> date:
    if isinstance(raw, datetime):
        raise RuleDataError(
            f"{where}: field {field_name!r} must be a date without time, got {raw!r}"
        )
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise RuleDataError(f"{where}: field {field_name!r} must be a date (YYYY-MM-DD), got {raw!r}")


def _as_text(raw: object, where: str, field_name: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise RuleDataError(
            f"{where}: field {field_name!r} must be a non-empty string, got {raw!r}"
        )
    return " ".join(raw.split())


def _is_int(raw: object) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool)


def _parse_value(raw: object, spec: _RuleSpec, where: str) -> RuleValue:
    if spec.kind is _Kind.INT:
        if not _is_int(raw) or not isinstance(raw, int) or raw < 0:
            raise RuleDataError(
                f"{where}: field 'value' must be a non-negative integer, got {raw!r}"
            )
        return raw
    if spec.kind is _Kind.STRINGS:
        if not isinstance(raw, list) or not raw:
            raise RuleDataError(f"{where}: field 'value' must be a non-empty list, got {raw!r}")
        items: list[str] = []
        for item in raw:
            if not isinstance(item, str) or not item.strip():
                raise RuleDataError(
                    f"{where}: field 'value' must contain non-empty strings, got {item!r}"
                )
            items.append(item.strip())
        if len(set(items)) != len(items):
            raise RuleDataError(f"{where}: field 'value' contains duplicates: {items!r}")
        return tuple(items)
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: field 'value' must be a mapping, got {raw!r}")
    keys = {str(k) for k in raw}
    if keys != spec.mapping_keys:
        raise RuleDataError(
            f"{where}: field 'value' must have exactly the keys {sorted(spec.mapping_keys)}, "
            f"got {sorted(keys)}"
        )
    parsed: dict[str, int] = {}
    for k, v in raw.items():
        if not _is_int(v) or not isinstance(v, int) or v < 0:
            raise RuleDataError(
                f"{where}: field 'value.{k}' must be a non-negative integer, got {v!r}"
            )
        parsed[str(k)] = v
    return parsed


def _parse_version(key: str, index: int, raw: object, spec: _RuleSpec) -> RuleVersion:
    where = f"rule {key!r} version {index + 1}"
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: must be a mapping, got {raw!r}")
    unknown = set(raw) - _VERSION_FIELDS
    if unknown:
        raise RuleDataError(f"{where}: unknown field(s) {sorted(map(str, unknown))}")
    for required in ("value", "unit", "valid_from", "source", "checked_on"):
        if required not in raw:
            raise RuleDataError(f"{where}: missing field {required!r}")
    valid_from = _as_date(raw["valid_from"], where, "valid_from")
    where = f"rule {key!r} version {index + 1} (valid_from {valid_from.isoformat()})"
    valid_until_raw = raw.get("valid_until")
    valid_until = (
        None if valid_until_raw is None else _as_date(valid_until_raw, where, "valid_until")
    )
    if valid_until is not None and valid_until < valid_from:
        raise RuleDataError(f"{where}: field 'valid_until' {valid_until} is before valid_from")
    unit = raw["unit"]
    if not isinstance(unit, str) or unit not in spec.units:
        raise RuleDataError(
            f"{where}: field 'unit' must be one of {sorted(spec.units)}, got {unit!r}"
        )
    needs_verification = raw.get("needs_verification", False)
    if not isinstance(needs_verification, bool):
        raise RuleDataError(
            f"{where}: field 'needs_verification' must be true or false, got {needs_verification!r}"
        )
    note_raw = raw.get("note", "")
    note = "" if note_raw in (None, "") else _as_text(note_raw, where, "note")
    return RuleVersion(
        key=key,
        value=_parse_value(raw["value"], spec, where),
        unit=unit,
        valid_from=valid_from,
        valid_until=valid_until,
        source=_as_text(raw["source"], where, "source"),
        checked_on=_as_date(raw["checked_on"], where, "checked_on"),
        needs_verification=needs_verification,
        note=note,
    )


@dataclass(frozen=True)
class _Span:
    version: RuleVersion
    until: date | None  # effective last day in force (inclusive), None = open-ended


class RuleBook:
    """A validated, immutable set of versioned rules."""

    def __init__(self, versions: Mapping[str, Sequence[RuleVersion]], origin: str) -> None:
        self.origin = origin
        self._spans: dict[str, tuple[_Span, ...]] = {}
        for key, items in versions.items():
            ordered = sorted(items, key=lambda v: v.valid_from)
            spans: list[_Span] = []
            for i, v in enumerate(ordered):
                nxt = ordered[i + 1] if i + 1 < len(ordered) else None
                until: date | None
                if nxt is not None:
                    if nxt.valid_from == v.valid_from:
                        raise RuleDataError(
                            f"rule {key!r}: two versions start on {v.valid_from.isoformat()}"
                        )
                    if v.valid_until is not None and v.valid_until >= nxt.valid_from:
                        raise RuleDataError(
                            f"rule {key!r} version valid_from {v.valid_from.isoformat()}: "
                            f"field 'valid_until' {v.valid_until.isoformat()} overlaps the "
                            f"version starting {nxt.valid_from.isoformat()}"
                        )
                    until = v.valid_until or nxt.valid_from - timedelta(days=1)
                else:
                    until = v.valid_until
                spans.append(_Span(v, until))
            self._spans[key] = tuple(spans)

    # ---- construction

    @classmethod
    def from_mapping(
        cls,
        data: object,
        *,
        origin: str = "<mapping>",
        require: Iterable[str] = (),
    ) -> RuleBook:
        """Validate parsed rules data (the YAML/JSON structure) and build a rule book.

        ``require`` lists rule keys that must be present (the default file requires all).
        """
        if not isinstance(data, dict):
            raise RuleDataError(f"{origin}: top level must be a mapping")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise RuleDataError(
                f"{origin}: field 'schema_version' must be {SCHEMA_VERSION}, "
                f"got {data.get('schema_version')!r}"
            )
        rules = data.get("rules")
        if not isinstance(rules, dict) or not rules:
            raise RuleDataError(f"{origin}: field 'rules' must be a non-empty mapping")
        versions: dict[str, list[RuleVersion]] = {}
        for key, body in rules.items():
            if key not in RULE_SPECS:
                raise RuleDataError(
                    f"{origin}: unknown rule {key!r} (known: {', '.join(sorted(RULE_SPECS))})"
                )
            if not isinstance(body, dict) or not isinstance(body.get("versions"), list):
                raise RuleDataError(f"rule {key!r}: must be a mapping with a 'versions' list")
            raw_versions: list[Any] = body["versions"]
            if not raw_versions:
                raise RuleDataError(f"rule {key!r}: field 'versions' is empty")
            spec = RULE_SPECS[key]
            versions[key] = [
                _parse_version(key, i, raw, spec) for i, raw in enumerate(raw_versions)
            ]
        missing = set(require) - set(versions)
        if missing:
            raise RuleDataError(f"{origin}: missing rule(s) {', '.join(sorted(missing))}")
        return cls(versions, origin)

    @classmethod
    def from_path(cls, path: str | Path, *, require: Iterable[str] = ()) -> RuleBook:
        """Load a ``.yaml``/``.yml`` or ``.json`` rules file."""
        p = Path(path)
        text = p.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
        except (yaml.YAMLError, json.JSONDecodeError) as exc:
            raise RuleDataError(f"{p}: not valid {p.suffix.lstrip('.') or 'YAML'}: {exc}") from exc
        return cls.from_mapping(data, origin=str(p), require=require)

    # ---- look-up

    def rule_keys(self) -> tuple[str, ...]:
        return tuple(sorted(self._spans))

    def versions(self, key: str) -> tuple[RuleVersion, ...]:
        return tuple(s.version for s in self._get(key))

    def _get(self, key: str) -> tuple[_Span, ...]:
        try:
            return self._spans[key]
        except KeyError:
            raise UnknownRuleError(f"no rule {key!r} in {self.origin}") from None

    def rule(self, key: str, on: date) -> RuleVersion:
        """The version of rule ``key`` in force on ``on``."""
        for span in self._get(key):
            if span.version.valid_from <= on and (span.until is None or on <= span.until):
                return span.version
        raise RuleNotInForceError(f"rule {key!r} has no version in force on {on.isoformat()}")

    def rule_or_last_known(self, key: str, on: date) -> tuple[RuleVersion, bool]:
        """Like :meth:`rule`, but after the last version return it with ``is_estimate=True``."""
        try:
            return self.rule(key, on), False
        except RuleNotInForceError:
            last = self._get(key)[-1]
            if last.until is not None and on > last.until:
                return last.version, True
            raise


@functools.cache
def default_rules() -> RuleBook:
    """The rule book from ``wi2021.yaml``, loaded and validated once per process."""
    return RuleBook.from_path(DEFAULT_RULES_PATH, require=REQUIRED_RULES)


def _book(rules: RuleBook | None) -> RuleBook:
    return rules if rules is not None else default_rules()


def rule(key: str, on: date, *, rules: RuleBook | None = None) -> RuleVersion:
    """The version of rule ``key`` in force on ``on``."""
    return _book(rules).rule(key, on)


# --------------------------------------------------------------------------- deadlines


def leerroute_deadline(
    event_date: date, event_code: str | None = None, *, rules: RuleBook | None = None
) -> Deadline:
    """Last day to set the leerroute: ``event_date`` + 10 weeks (convention 1).

    ``event_code`` (e.g. "SS139"), when given, must be one of ``leerroute_trigger_events``.
    """
    book = _book(rules)
    period = book.rule("leerroute_period", event_date)
    related: tuple[RuleVersion, ...] = ()
    if event_code is not None:
        triggers = book.rule("leerroute_trigger_events", event_date)
        if event_code not in triggers.as_strings():
            raise ValueError(
                f"event {event_code!r} does not start the leerroute period "
                f"(expected one of {', '.join(triggers.as_strings())})"
            )
        related = (triggers,)
    due = _after_event(event_date, period)
    return Deadline(
        kind=DeadlineKind.LEERROUTE,
        due=due,
        rule=period,
        is_estimate=False,
        explanation="rules.leerroute.deadline",
        params={
            "event_date": event_date.isoformat(),
            "event_code": event_code or "",
            "period": str(period.as_int()),
            "unit": period.unit,
        },
        related_rules=related,
    )


def termijn(pip_first_dagtekening: date, *, rules: RuleBook | None = None) -> Termijn:
    """The inburgeringstermijn from the dagtekening of the first PIP (Wi2021 art. 11).

    start = dagtekening + 1 day; end (exclusive, DUO einddatum) = start + 3 years.
    """
    version = _book(rules).rule("inburgeringstermijn", pip_first_dagtekening)
    start = pip_first_dagtekening + timedelta(days=1)
    return Termijn(start=start, end=_end_exclusive(start, version), rule=version)


def termijn_for_pip_history(
    pip_dagtekeningen: Iterable[date], *, rules: RuleBook | None = None
) -> Termijn:
    """The termijn for a PIP and its revisions: only the initial (earliest) PIP counts.

    Wi2021 art. 11 lid 3: a revised, replaced or re-established PIP does not move the start.
    """
    dates = list(pip_dagtekeningen)
    if not dates:
        raise ValueError("no PIP dagtekening given")
    return termijn(min(dates), rules=rules)


ExtensionInput = Extension | tuple[int | date, str]


def _to_extension(item: ExtensionInput) -> Extension:
    if isinstance(item, Extension):
        return item
    amount, code = item
    if isinstance(amount, date):
        return Extension(ground_code=code, new_end=amount)
    return Extension(ground_code=code, months=amount)


def termijn_with_extensions(
    start: date,
    end: date,
    extensions: Sequence[ExtensionInput],
    *,
    rules: RuleBook | None = None,
) -> Termijn:
    """Apply DUO extensions (SS103/SS104) in order to a termijn ``[start, end)``.

    Each extension is ``(months, ground_code)``, ``(new_end, ground_code)`` or an
    :class:`Extension`. ``months`` extend the current exclusive end (convention 2); a date is
    DUO's new ``einddatum`` (exclusive) and replaces the end. The rule attached is the
    ``inburgeringstermijn`` version in force on ``start``.
    """
    if end <= start:
        raise ValueError(f"termijn end {end} must be after start {start}")
    version = _book(rules).rule("inburgeringstermijn", start - timedelta(days=1))
    current = end
    applied: list[AppliedExtension] = []
    for item in extensions:
        ext = _to_extension(item)
        if ext.months is not None:
            new_end = _add_months(current, ext.months, overflow="next_month")
        else:
            assert ext.new_end is not None  # guaranteed by Extension.__post_init__
            new_end = ext.new_end
        if new_end <= start:
            raise ValueError(
                f"extension {ext.ground_code!r}: new end {new_end} is not after start {start}"
            )
        applied.append(AppliedExtension(ext.ground_code, current, new_end, ext.months))
        current = new_end
    return Termijn(start=start, end=current, rule=version, extensions=tuple(applied))


def route_switch_deadline(termijn_start: date, *, rules: RuleBook | None = None) -> Deadline:
    """Last day to switch leerroute: 18 months from the first day of the termijn (conv. 2)."""
    version = _book(rules).rule("route_switch_window", termijn_start)
    due = _end_exclusive(termijn_start, version) - timedelta(days=1)
    return Deadline(
        kind=DeadlineKind.ROUTE_SWITCH,
        due=due,
        rule=version,
        is_estimate=False,
        explanation="rules.route_switch.deadline",
        params={"termijn_start": termijn_start.isoformat(), "months": str(version.as_int())},
    )


def _age_months(version: RuleVersion) -> int:
    age = version.as_mapping()
    return 12 * age["years"] + age["months"]


def aow_date(birth_date: date, *, rules: RuleBook | None = None) -> Deadline:
    """The day the person reaches the AOW-leeftijd (AOW art. 7a).

    Flagged ``is_estimate`` when it falls after the last fixed year of the table.
    """
    book = _book(rules)
    versions = book.versions("aow_age")
    first = versions[0]
    if _add_months(birth_date, _age_months(first), overflow="next_month") < first.valid_from:
        raise RuleNotInForceError(
            f"AOW age for birth date {birth_date.isoformat()} is before the AOW table "
            f"({first.valid_from.isoformat()})"
        )
    for version in versions:
        reached = _add_months(birth_date, _age_months(version), overflow="next_month")
        candidate = max(reached, version.valid_from)
        if _in_force_or_none(book, "aow_age", candidate) is version:
            return _aow_deadline(birth_date, candidate, version, is_estimate=False)
    last = versions[-1]
    reached = _add_months(birth_date, _age_months(last), overflow="next_month")
    version, estimate = book.rule_or_last_known("aow_age", reached)
    return _aow_deadline(birth_date, reached, version, is_estimate=estimate)


def _in_force_or_none(book: RuleBook, key: str, on: date) -> RuleVersion | None:
    try:
        return book.rule(key, on)
    except RuleNotInForceError:
        return None


def _aow_deadline(
    birth_date: date, day: date, version: RuleVersion, *, is_estimate: bool
) -> Deadline:
    age = version.as_mapping()
    return Deadline(
        kind=DeadlineKind.AOW_DATE,
        due=day,
        rule=version,
        is_estimate=is_estimate,
        explanation="rules.aow.date_estimate" if is_estimate else "rules.aow.date",
        params={
            "birth_date": birth_date.isoformat(),
            "years": str(age["years"]),
            "months": str(age["months"]),
        },
    )


def aow_notice(birth_date: date, today: date, *, rules: RuleBook | None = None) -> Deadline | None:
    """Whether the AOW-leeftijd is reached within the notice window (SS128: 6 months).

    Returns ``None`` while the AOW date is further away than the window (today + 6 months,
    convention 1); otherwise a deadline with ``due`` = the AOW date and explanation
    ``rules.aow.notice`` (still ahead) or ``rules.aow.reached`` (today or earlier).
    """
    book = _book(rules)
    window = book.rule("aow_notice", today)
    aow = aow_date(birth_date, rules=book)
    if aow.due > _after_event(today, window):
        return None
    reached = aow.due <= today
    return Deadline(
        kind=DeadlineKind.AOW_NOTICE,
        due=aow.due,
        rule=window,
        is_estimate=aow.is_estimate,
        explanation="rules.aow.reached" if reached else "rules.aow.notice",
        params={
            "birth_date": birth_date.isoformat(),
            "aow_date": aow.due.isoformat(),
            "months": str(window.as_int()),
        },
        related_rules=(aow.rule,),
    )


def verwijtbaar_allowed(
    eindgesprek_date: date, termijn_end: date, *, rules: RuleBook | None = None
) -> frozenset[Verwijtbaar | None]:
    """Values DUO accepts for 'Verwijtbaar' with a MAP eindgesprek / PVT ondertekening date.

    ``termijn_end`` is DUO's einddatum (exclusive). ``None`` means: leave the field out.
    See the module docstring for the rules (DUO README, MAP and PVT sections).
    """
    if eindgesprek_date < termijn_end:
        return frozenset({None})
    window = _book(rules).rule("verwijtbaar_window", eindgesprek_date)
    if eindgesprek_date < _end_exclusive(termijn_end, window):
        return frozenset({"Ja", "Nee"})
    return frozenset({"Ja"})


def _check_hours(name: str, hours: float) -> float:
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours != hours:
        raise ValueError(f"{name} must be a number, got {hours!r}")
    if hours < 0:
        raise ValueError(f"{name} must not be negative, got {hours!r}")
    return float(hours)


def zroute_progress(
    language_hours: float,
    participation_hours: float,
    *,
    on: date | None = None,
    rules: RuleBook | None = None,
) -> ZRouteProgress:
    """Progress on the Z-route: each component against its own requirement (800 + 800)."""
    day = on if on is not None else date.today()
    version = _book(rules).rule("zroute_hours", day)
    hours = version.as_mapping()
    return ZRouteProgress(
        language_required=hours["language"],
        participation_required=hours["participation"],
        language_done=_check_hours("language_hours", language_hours),
        participation_done=_check_hours("participation_hours", participation_hours),
        rule=version,
    )


def _normalise_theme(name: str) -> str:
    return " ".join(name.split()).casefold()


def map_progress(
    practice_hours: float,
    themes_done: Iterable[str],
    *,
    on: date | None = None,
    rules: RuleBook | None = None,
) -> MapProgress:
    """Progress on the MAP: practice hours against the minimum and the themes covered.

    Theme names are matched case- and whitespace-insensitively; unknown names raise.
    """
    day = on if on is not None else date.today()
    book = _book(rules)
    hours_rule = book.rule("map_min_practice_hours", day)
    themes_rule = book.rule("map_themes", day)
    known = {_normalise_theme(t): t for t in themes_rule.as_strings()}
    done: list[str] = []
    for raw in themes_done:
        canonical = known.get(_normalise_theme(raw))
        if canonical is None:
            raise ValueError(
                f"unknown MAP theme {raw!r} (expected one of {', '.join(known.values())})"
            )
        if canonical not in done:
            done.append(canonical)
    return MapProgress(
        practice_hours_required=hours_rule.as_int(),
        practice_hours_done=_check_hours("practice_hours", practice_hours),
        themes_required=themes_rule.as_strings(),
        themes_done=tuple(done),
        hours_rule=hours_rule,
        themes_rule=themes_rule,
    )


@dataclass(frozen=True)
class MunicipalChoice:
    """A rule whose value a municipality may set for itself (its own choice overrides the
    rule book's default; the choice is kept per gemeente, ``accounts.MunicipalSetting``)."""

    key: str
    minimum: int
    maximum: int


#: The rules that leave the value to the municipality, with the range the engine accepts.
MUNICIPAL_CHOICES: Mapping[str, MunicipalChoice] = {
    # "Dit moet wettelijk twaalf uur zijn, maar bij ons is het vijftien uur" (seed 002)
    "pvt_hours": MunicipalChoice("pvt_hours", 1, 60),
    # Spil policy, not law: a municipality may give longer (or shorter) aftercare
    "aftercare_months": MunicipalChoice("aftercare_months", 1, 24),
}


def check_municipal_choice(key: str, value: int) -> None:
    """ValueError when `key` is no municipal choice or `value` is outside its range."""
    choice = MUNICIPAL_CHOICES.get(key)
    if choice is None:
        raise UnknownRuleError(f"rule {key!r} leaves no choice to the municipality")
    if isinstance(value, bool) or not choice.minimum <= value <= choice.maximum:
        raise ValueError(
            f"{key} must be between {choice.minimum} and {choice.maximum}, got {value!r}"
        )


def pvt_required_hours(
    on: date, municipal_hours: int | None = None, *, rules: RuleBook | None = None
) -> int:
    """PVT hours: the municipality's own number if configured, else the default (12)."""
    if municipal_hours is not None:
        if isinstance(municipal_hours, bool) or municipal_hours <= 0:
            raise ValueError(f"municipal PVT hours must be positive, got {municipal_hours!r}")
        check_municipal_choice("pvt_hours", municipal_hours)
        return municipal_hours
    return _book(rules).rule("pvt_hours", on).as_int()


def aftercare_end(
    job_start: date, *, municipal_months: int | None = None, rules: RuleBook | None = None
) -> Deadline:
    """Last day of aftercare (nazorg): 6 months from the first working day (convention 2),
    or the municipality's own number of months when it chose one."""
    version = _book(rules).rule("aftercare_months", job_start)
    if municipal_months is not None:
        check_municipal_choice("aftercare_months", municipal_months)
        version = replace(
            version,
            value=municipal_months,
            source="municipal choice",
            note=f"rule book: {version.as_int()} months ({version.source})",
        )
    due = _end_exclusive(job_start, version) - timedelta(days=1)
    return Deadline(
        kind=DeadlineKind.AFTERCARE_END,
        due=due,
        rule=version,
        is_estimate=False,
        explanation="rules.aftercare.end",
        params={"job_start": job_start.isoformat(), "months": str(version.as_int())},
    )


def dual_trajectory_deadline(pip_dagtekening: date, *, rules: RuleBook | None = None) -> Deadline:
    """Last day to start the dual trajectory: 6 months from the PIP (convention 1; Spil
    policy from seed 002, measured in the reports)."""
    version = _book(rules).rule("dual_trajectory_months", pip_dagtekening)
    return Deadline(
        kind=DeadlineKind.DUAL_TRAJECTORY,
        due=_after_event(pip_dagtekening, version),
        rule=version,
        is_estimate=False,
        explanation="rules.dual_trajectory.deadline",
        params={"pip": pip_dagtekening.isoformat(), "months": str(version.as_int())},
    )


def momentum_deadline(placement_end: date, *, rules: RuleBook | None = None) -> Deadline:
    """Last day by which a next step should start after a placement ends (convention 1)."""
    version = _book(rules).rule("momentum_gap_weeks", placement_end)
    return Deadline(
        kind=DeadlineKind.MOMENTUM,
        due=_after_event(placement_end, version),
        rule=version,
        is_estimate=False,
        explanation="rules.momentum.next_step",
        params={"placement_end": placement_end.isoformat(), "weeks": str(version.as_int())},
    )

"""A rule change applies from its start date and never rewrites history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from spil.rules import engine
from spil.rules.engine import RuleBook, RuleNotInForceError

BookFactory = Callable[[dict[str, Any]], RuleBook]


def _add_version(data: dict[str, Any], key: str, **fields: Any) -> None:
    version = {
        "unit": data["rules"][key]["versions"][-1]["unit"],
        "source": "test-only amendment",
        "checked_on": date(2026, 11, 23),
        **fields,
    }
    data["rules"][key]["versions"].append(version)


def test_leerroute_period_change_applies_from_its_start_date(
    data: dict[str, Any], book_from_file: BookFactory
) -> None:
    _add_version(data, "leerroute_period", value=12, valid_from=date(2027, 7, 1))
    book = book_from_file(data)

    before = engine.leerroute_deadline(date(2027, 6, 30), rules=book)
    after = engine.leerroute_deadline(date(2027, 7, 1), rules=book)

    assert before.due == date(2027, 9, 8)  # 10 weeks
    assert before.rule.as_int() == 10
    assert after.due == date(2027, 9, 23)  # 12 weeks
    assert after.rule.as_int() == 12
    assert after.rule.source == "test-only amendment"


def test_old_events_keep_the_old_version(data: dict[str, Any], book_from_file: BookFactory) -> None:
    """Recomputing an old deadline after the change gives the same answer as before it."""
    event = date(2026, 3, 2)
    original = engine.leerroute_deadline(event)
    _add_version(data, "leerroute_period", value=8, valid_from=date(2027, 1, 1))
    amended = book_from_file(data)
    assert engine.leerroute_deadline(event, rules=amended) == original


def test_termijn_version_follows_the_dagtekening(
    data: dict[str, Any], book_from_file: BookFactory
) -> None:
    _add_version(data, "inburgeringstermijn", value=4, valid_from=date(2030, 1, 1))
    book = book_from_file(data)

    old = engine.termijn(date(2029, 12, 31), rules=book)
    new = engine.termijn(date(2030, 1, 1), rules=book)

    assert (old.start, old.end) == (date(2030, 1, 1), date(2033, 1, 1))
    assert (new.start, new.end) == (date(2030, 1, 2), date(2034, 1, 2))


def test_route_switch_window_change(data: dict[str, Any], book_from_file: BookFactory) -> None:
    _add_version(data, "route_switch_window", value=24, valid_from=date(2028, 1, 1))
    book = book_from_file(data)
    assert engine.route_switch_deadline(date(2027, 12, 31), rules=book).due == date(2029, 6, 30)
    assert engine.route_switch_deadline(date(2028, 1, 1), rules=book).due == date(2029, 12, 31)


def test_explicit_valid_until_ends_a_version(
    data: dict[str, Any], book_from_file: BookFactory
) -> None:
    data["rules"]["momentum_gap_weeks"]["versions"][0]["valid_until"] = date(2026, 12, 31)
    book = book_from_file(data)
    assert book.rule("momentum_gap_weeks", date(2026, 12, 31)).as_int() == 4
    with pytest.raises(RuleNotInForceError):
        book.rule("momentum_gap_weeks", date(2027, 1, 1))
    version, estimate = book.rule_or_last_known("momentum_gap_weeks", date(2027, 1, 1))
    assert (version.as_int(), estimate) == (4, True)


def test_new_aow_year_turns_an_estimate_into_a_fixed_date(
    data: dict[str, Any], book_from_file: BookFactory
) -> None:
    birth = date(1965, 3, 15)
    assert engine.aow_date(birth).is_estimate

    _add_version(
        data,
        "aow_age",
        value={"years": 67, "months": 6},
        valid_from=date(2032, 1, 1),
        valid_until=date(2032, 12, 31),
    )
    book = book_from_file(data)
    fixed = engine.aow_date(birth, rules=book)
    assert fixed.due == date(2032, 9, 15)  # 67 y 6 m in the test-only 2032 version
    assert not fixed.is_estimate

    # someone born just before the step stays at 67 y 3 m (reached in 2031)
    assert engine.aow_date(date(1964, 9, 30), rules=book).due == date(2031, 12, 30)


def test_injected_mapping_without_file(data: dict[str, Any]) -> None:
    data["rules"]["pvt_hours"]["versions"][0]["value"] = 15
    book = RuleBook.from_mapping(data)
    assert engine.pvt_required_hours(date(2025, 1, 1), rules=book) == 15
    assert engine.pvt_required_hours(date(2025, 1, 1)) == 12

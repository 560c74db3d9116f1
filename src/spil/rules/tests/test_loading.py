"""Loading and validating the rules data."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from spil.rules import engine
from spil.rules.engine import (
    REQUIRED_RULES,
    RuleBook,
    RuleDataError,
    RuleNotInForceError,
    UnknownRuleError,
)

from .rules_data import default_data


def test_default_file_loads_with_every_required_rule() -> None:
    book = engine.default_rules()
    assert set(book.rule_keys()) == set(REQUIRED_RULES)


def test_default_rules_are_loaded_once() -> None:
    assert engine.default_rules() is engine.default_rules()


def test_every_version_has_source_and_check_date() -> None:
    book = engine.default_rules()
    for key in book.rule_keys():
        for version in book.versions(key):
            assert version.source, key
            assert isinstance(version.checked_on, date), key
            assert version.checked_on >= date(2026, 1, 1), key
            assert version.valid_from >= date(2020, 1, 1), key


def test_shipped_values() -> None:
    on = date(2025, 6, 1)
    assert engine.rule("leerroute_period", on).as_int() == 10
    assert engine.rule("leerroute_period", on).unit == "weeks"
    assert engine.rule("inburgeringstermijn", on).as_int() == 3
    assert engine.rule("inburgeringstermijn", on).unit == "years"
    assert engine.rule("route_switch_window", on).as_int() == 18
    assert engine.rule("map_min_practice_hours", on).as_int() == 40
    assert len(engine.rule("map_themes", on).as_strings()) == 8
    assert "beroepenoriëntatie" in engine.rule("map_themes", on).as_strings()
    assert engine.rule("pvt_hours", on).as_int() == 12
    assert dict(engine.rule("zroute_hours", on).as_mapping()) == {
        "language": 800,
        "participation": 800,
    }
    assert engine.rule("aow_notice", on).as_int() == 6
    assert engine.rule("verwijtbaar_window", on).as_int() == 2
    assert engine.rule("aftercare_months", on).as_int() == 6
    assert engine.rule("momentum_gap_weeks", on).as_int() == 4
    assert set(engine.rule("leerroute_trigger_events", on).as_strings()) == {
        "SS139",
        "SS120",
        "SS129",
    }


def test_inburgeringstermijn_cites_wi2021_article_11() -> None:
    version = engine.rule("inburgeringstermijn", date(2024, 1, 1))
    assert "art. 11" in version.source
    assert not version.needs_verification


def test_aow_table_by_calendar_year() -> None:
    def age(on: date) -> tuple[int, int]:
        value = engine.rule("aow_age", on).as_mapping()
        return value["years"], value["months"]

    assert age(date(2023, 12, 31)) == (66, 10)
    assert age(date(2024, 1, 1)) == (67, 0)
    assert age(date(2027, 12, 31)) == (67, 0)
    assert age(date(2028, 1, 1)) == (67, 3)
    assert age(date(2031, 12, 31)) == (67, 3)
    with pytest.raises(RuleNotInForceError):
        engine.rule("aow_age", date(2032, 1, 1))


def test_typed_accessors_reject_the_wrong_shape() -> None:
    with pytest.raises(TypeError):
        engine.rule("map_themes", date(2025, 1, 1)).as_int()
    with pytest.raises(TypeError):
        engine.rule("pvt_hours", date(2025, 1, 1)).as_strings()
    with pytest.raises(TypeError):
        engine.rule("pvt_hours", date(2025, 1, 1)).as_mapping()


def test_unknown_rule_key() -> None:
    with pytest.raises(UnknownRuleError, match="no_such_rule"):
        engine.rule("no_such_rule", date(2025, 1, 1))


def test_no_version_before_wi2021() -> None:
    with pytest.raises(RuleNotInForceError, match="leerroute_period"):
        engine.rule("leerroute_period", date(2021, 12, 31))
    assert engine.rule("leerroute_period", date(2022, 1, 1)).as_int() == 10


def test_json_file_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(default_data(), default=str), encoding="utf-8")
    book = RuleBook.from_path(path, require=REQUIRED_RULES)
    assert book.rule("pvt_hours", date(2025, 1, 1)).as_int() == 12


def test_invalid_yaml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(RuleDataError, match="not valid"):
        RuleBook.from_path(path)


def _first_version(data: dict[str, Any], key: str) -> dict[str, Any]:
    version = data["rules"][key]["versions"][0]
    assert isinstance(version, dict)
    return version


@pytest.mark.parametrize(
    ("key", "field", "bad", "message"),
    [
        ("leerroute_period", "valid_from", "yesterday", r"'leerroute_period'.*'valid_from'"),
        ("leerroute_period", "checked_on", "2026-13-01", r"'leerroute_period'.*'checked_on'"),
        ("pvt_hours", "checked_on", datetime(2026, 1, 1, 12, 0), r"'pvt_hours'.*'checked_on'"),
        ("pvt_hours", "unit", "days", r"'pvt_hours'.*'unit'"),
        ("pvt_hours", "value", "twelve", r"'pvt_hours'.*'value'"),
        ("pvt_hours", "value", -1, r"'pvt_hours'.*'value'"),
        ("pvt_hours", "value", True, r"'pvt_hours'.*'value'"),
        ("pvt_hours", "source", "", r"'pvt_hours'.*'source'"),
        ("map_themes", "value", [], r"'map_themes'.*'value'"),
        ("map_themes", "value", ["werk vinden", "werk vinden"], r"'map_themes'.*duplicates"),
        ("zroute_hours", "value", {"language": 800}, r"'zroute_hours'.*'value'"),
        ("aow_age", "value", {"years": 67, "months": "3"}, r"'aow_age'.*'value.months'"),
        ("aow_notice", "needs_verification", "yes", r"'aow_notice'.*'needs_verification'"),
        ("aow_notice", "valid_until", "2021-01-01", r"'aow_notice'.*'valid_until'"),
    ],
)
def test_malformed_field_names_rule_and_field(
    key: str, field: str, bad: object, message: str
) -> None:
    data = default_data()
    _first_version(data, key)[field] = bad
    with pytest.raises(RuleDataError, match=message):
        RuleBook.from_mapping(data)


@pytest.mark.parametrize("field", ["value", "unit", "valid_from", "source", "checked_on"])
def test_missing_field_is_named(field: str) -> None:
    data = default_data()
    del _first_version(data, "momentum_gap_weeks")[field]
    with pytest.raises(RuleDataError, match=rf"'momentum_gap_weeks'.*missing field '{field}'"):
        RuleBook.from_mapping(data)


def test_unknown_field_is_rejected() -> None:
    data = default_data()
    _first_version(data, "pvt_hours")["vaild_from"] = "2022-01-01"
    with pytest.raises(RuleDataError, match=r"'pvt_hours'.*vaild_from"):
        RuleBook.from_mapping(data)


def test_unknown_rule_is_rejected() -> None:
    data = default_data()
    data["rules"]["leeroute_period"] = data["rules"]["leerroute_period"]
    with pytest.raises(RuleDataError, match="unknown rule 'leeroute_period'"):
        RuleBook.from_mapping(data)


def test_missing_required_rule_is_reported() -> None:
    data = default_data()
    del data["rules"]["aow_age"]
    with pytest.raises(RuleDataError, match=r"missing rule.*aow_age"):
        RuleBook.from_mapping(data, require=REQUIRED_RULES)
    # without the requirement a partial book is fine (e.g. in tests)
    assert "aow_age" not in RuleBook.from_mapping(data).rule_keys()


def test_overlapping_versions_are_rejected() -> None:
    data = default_data()
    versions = data["rules"]["aow_age"]["versions"]
    versions[-1]["valid_from"] = date(2030, 6, 1)
    with pytest.raises(RuleDataError, match=r"'aow_age'.*overlaps"):
        RuleBook.from_mapping(data)


def test_two_versions_on_the_same_day_are_rejected() -> None:
    data = default_data()
    versions = data["rules"]["pvt_hours"]["versions"]
    versions.append(dict(versions[0]))
    with pytest.raises(RuleDataError, match=r"'pvt_hours'.*two versions start on 2022-01-01"):
        RuleBook.from_mapping(data)


def test_wrong_schema_version() -> None:
    data = default_data()
    data["schema_version"] = 2
    with pytest.raises(RuleDataError, match="schema_version"):
        RuleBook.from_mapping(data)


def test_empty_versions() -> None:
    data = default_data()
    data["rules"]["pvt_hours"]["versions"] = []
    with pytest.raises(RuleDataError, match=r"'pvt_hours'.*empty"):
        RuleBook.from_mapping(data)
